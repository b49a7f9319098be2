namespace Finance.Core.Reconciliation.Engine;

public enum OpenItemKind
{
    /// <summary>A customer invoice we wait to be paid: matched by incoming bank lines.</summary>
    Receivable,

    /// <summary>A supplier bill in a payment run: matched by outgoing bank lines.</summary>
    Payable,
}

/// <summary>An invoice or bill still (partly) open, as the loader hands it to <see cref="Reconciler"/>.</summary>
/// <remarks><c>Reference</c>: QR reference (27 digits) or ISO 11649 creditor reference (RF…), any spacing; null when none.
/// <c>EndToEndId</c>: For payables: the end-to-end id the payment run gave the transfer (ISO 20022 pain.001 EndToEndId).</remarks>
public sealed record OpenItem(
    Guid Id,
    Guid CompanyId,
    OpenItemKind Kind,
    string Number,
    decimal AmountOpen,
    string Currency,
    DateOnly IssueDate,
    DateOnly DueDate,
    string? Reference,
    string CounterpartyName,
    string? CounterpartyIban,
    string? EndToEndId = null);
