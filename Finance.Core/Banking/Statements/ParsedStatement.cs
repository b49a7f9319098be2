namespace Finance.Core.Banking.Statements;

/// <summary>camt.052 (intraday report), camt.053 (end-of-day statement), camt.054 (debit/credit notification).</summary>
public enum StatementKind
{
    Report,
    Statement,
    Notification,
}

/// <summary>
/// One Rpt / Stmt / Ntfctn block (or one CSV file). <see cref="OpeningBalance"/> is OPBD, else PRCD;
/// <see cref="ClosingBalance"/> is CLBD (ISO 20022 BalanceType12Code); every balance stays in <see cref="Balances"/>.
/// </summary>
public sealed record ParsedStatement(
    StatementKind Kind,
    string Id,
    string? ElectronicSequenceNumber,
    string? LegalSequenceNumber,
    DateTimeOffset? CreatedAt,
    StatementAccount Account,
    DateTimeOffset? FromDate,
    DateTimeOffset? ToDate,
    IReadOnlyList<ParsedBalance> Balances,
    IReadOnlyList<ParsedEntry> Entries,
    string? AdditionalInfo = null,
    int? PageNumber = null)
{
    public ParsedBalance? OpeningBalance =>
        Balances.FirstOrDefault(b => b.TypeCode == "OPBD") ?? Balances.FirstOrDefault(b => b.TypeCode == "PRCD");

    public ParsedBalance? ClosingBalance => Balances.FirstOrDefault(b => b.TypeCode == "CLBD");

    /// <summary>
    /// Closing − opening − the booked entries in the balances' currency: 0 when the statement reconciles, null when it
    /// lacks either balance (camt.054 has none). Pending and information entries do not move a booked balance.
    /// </summary>
    public decimal? Unreconciled
    {
        get
        {
            if (OpeningBalance is not { } opening || ClosingBalance is not { } closing || opening.Currency != closing.Currency) return null;
            var booked = Entries.Where(e => e.Status == EntryStatus.Booked && e.Currency == closing.Currency).Sum(e => e.Amount);
            return closing.Amount - opening.Amount - booked;
        }
    }
}

/// <summary>The account the statement is about. <see cref="Identification"/> is the IBAN, else the bank's own id.</summary>
public sealed record StatementAccount(
    string? Iban,
    string? OtherId,
    string? Currency,
    string? Name,
    string? OwnerName,
    string? ServicerBic,
    string? ServicerName)
{
    public string? Identification => Iban ?? OtherId;
}

/// <summary>A balance: <see cref="TypeCode"/> is the ISO code (OPBD, CLBD, PRCD, ITBD, OPAV, CLAV, FWAV, ITAV, INFO, XPCD…);
/// <see cref="Amount"/> is negative when the bank says DBIT.</summary>
public sealed record ParsedBalance(string TypeCode, decimal Amount, string Currency, DateOnly? Date);
