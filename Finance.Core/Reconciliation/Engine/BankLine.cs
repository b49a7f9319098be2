namespace Finance.Core.Reconciliation.Engine;

/// <summary>One booked bank transaction (a camt.053/054 entry or a Revolut transaction), as the loader hands it over.</summary>
/// <remarks><c>Amount</c>: Signed: positive incoming (pays receivables), negative outgoing (pays payables).
/// <c>Reference</c>: The structured creditor reference (camt RmtInf/Strd/CdtrRefInf/Ref), any spacing.
/// <c>Charges</c>: Charges the bank deducted from this amount (camt Chrgs), positive; 0 when none.</remarks>
public sealed record BankLine(
    Guid Id,
    Guid CompanyId,
    decimal Amount,
    string Currency,
    DateOnly BookingDate,
    string? CounterpartyName,
    string? CounterpartyIban,
    string? Reference,
    string? EndToEndId,
    string? RemittanceText,
    decimal Charges = 0);
