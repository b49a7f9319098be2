namespace Finance.Core.Banking.Statements;

/// <summary>ISO 20022 EntryStatus: booked, pending, or information only (never moves the balance).</summary>
public enum EntryStatus
{
    Booked,
    Pending,
    Information,
    Other,
}

/// <summary>
/// One Ntry (or CSV line). <see cref="Amount"/> is signed: + credit, − debit. A reversal keeps the sign of its own
/// CdtDbtInd (a reversed debit is a credit, ISO 20022 RvslInd), so the balance arithmetic holds.
/// <see cref="Transactions"/> always holds at least one line: an entry without TxDtls gets one made from the entry.
/// <see cref="TransactionsSumMismatch"/> flags details whose amounts do not add up to the entry (kept as sent).
/// </summary>
public sealed record ParsedEntry(
    int Index,
    decimal Amount,
    string Currency,
    DateOnly? BookingDate,
    DateOnly? ValueDate,
    EntryStatus Status,
    string? StatusCode,
    bool Reversal,
    string? AccountServicerReference,
    string? EntryReference,
    BankTransactionCode? BankTransactionCode,
    StatementMoney? Charges,
    int? BatchCount,
    string? BatchPaymentInformationId,
    string? AdditionalInfo,
    IReadOnlyList<ParsedTransaction> Transactions,
    bool TransactionsSumMismatch)
{
    /// <summary>A batch booking: the bank sent a Btch block (PostFinance does so even for one payment) or several lines.</summary>
    public bool IsBatch => BatchCount is not null;
}

/// <summary>ISO 20022 BkTxCd: Domain / Family / SubFamily (e.g. PMNT / RCDT / ESCT) and the bank's proprietary code.</summary>
public sealed record BankTransactionCode(string? Domain, string? Family, string? SubFamily, string? ProprietaryCode, string? ProprietaryIssuer);
