namespace Finance.Core.Banking;

/// <summary>One of a company's accounts as a source of transactions (files, or Revolut Business by its account id).</summary>
public sealed record BankingAccount(int Id, string Company, string BankName, string Iban, string? QrIban, string Currency, string Source,
    string? ExternalId, string? Bic);

/// <summary>Statuses of a bank transaction: waiting for a match, waiting for a person, matched, or set aside by a rule or a person.</summary>
public static class BankTransactionStatus
{
    public const string Unmatched = "unmatched";
    public const string Review = "review";
    public const string Matched = "matched";
    public const string Ignored = "ignored";

    public static readonly IReadOnlyList<string> All = [Unmatched, Review, Matched, Ignored];
}

/// <summary>
/// A bank transaction as stored: signed <see cref="Amount"/> (+ in, − out), the counterparty, its references (QRR/SCOR
/// structured reference, end-to-end id, the bank's own reference), remittance text, charges, FX, batch membership.
/// </summary>
public sealed record BankTransaction
{
    public required Guid Id { get; init; }
    public required string Company { get; init; }
    public required int AccountId { get; init; }
    public required string AccountIban { get; init; }
    public Guid? StatementId { get; init; }
    public required string Source { get; init; }
    public required DateOnly BookingDate { get; init; }
    public DateOnly? ValueDate { get; init; }
    public required decimal Amount { get; init; }
    public required string Currency { get; init; }
    public string? CounterpartyName { get; init; }
    public string? CounterpartyIban { get; init; }
    public string? ReferenceType { get; init; }
    public string? Reference { get; init; }
    public string? EndToEndId { get; init; }
    public string? BankReference { get; init; }
    public string? Remittance { get; init; }
    public decimal? Charges { get; init; }
    public decimal? InstructedAmount { get; init; }
    public string? InstructedCurrency { get; init; }
    public decimal? ExchangeRate { get; init; }
    public string? BatchId { get; init; }
    public int? BatchSize { get; init; }
    public bool Reversal { get; init; }
    public required string Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A transaction to store; <see cref="DedupKey"/> names it at its bank so a second import of it adds nothing.</summary>
public sealed record NewBankTransaction
{
    public required int AccountId { get; init; }
    public required string DedupKey { get; init; }
    public required string Source { get; init; }
    public required DateOnly BookingDate { get; init; }
    public DateOnly? ValueDate { get; init; }
    public required decimal Amount { get; init; }
    public required string Currency { get; init; }
    public string? CounterpartyName { get; init; }
    public string? CounterpartyIban { get; init; }
    public string? ReferenceType { get; init; }
    public string? Reference { get; init; }
    public string? EndToEndId { get; init; }
    public string? BankReference { get; init; }
    public string? Remittance { get; init; }
    public decimal? Charges { get; init; }
    public decimal? InstructedAmount { get; init; }
    public string? InstructedCurrency { get; init; }
    public decimal? ExchangeRate { get; init; }
    public string? BatchId { get; init; }
    public int? BatchSize { get; init; }
    public bool Reversal { get; init; }
}

public sealed record BankTransactionFilter(IReadOnlyCollection<string>? Companies, int? AccountId, string? Status, DateOnly? From, DateOnly? To,
    int Limit, DateOnly? Before = null);
