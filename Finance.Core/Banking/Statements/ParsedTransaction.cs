namespace Finance.Core.Banking.Statements;

/// <summary>
/// One TxDtls line (or the line made from an entry that has none: <see cref="Synthesised"/>). <see cref="Amount"/> is
/// signed like the entry and null only when a batch line carries no amount at all. The counterparty is the debtor of a
/// credit and the creditor of a debit.
/// </summary>
public sealed record ParsedTransaction(
    StatementMoney? Amount,
    StatementMoney? InstructedAmount,
    decimal? ExchangeRate,
    TransactionReferences References,
    TransactionParty? Debtor,
    TransactionParty? Creditor,
    TransactionParty? UltimateDebtor,
    TransactionParty? UltimateCreditor,
    IReadOnlyList<StructuredReference> StructuredReferences,
    IReadOnlyList<string> RemittanceLines,
    IReadOnlyList<string> AdditionalRemittance,
    StatementMoney? Charges,
    ReturnInfo? Return,
    BankTransactionCode? BankTransactionCode,
    string? AdditionalInfo,
    bool Synthesised)
{
    private bool IsDebit => Amount is { Amount: < 0 };

    public TransactionParty? Counterparty => IsDebit ? Creditor : Debtor;

    public TransactionParty? UltimateCounterparty => IsDebit ? UltimateCreditor : UltimateDebtor;

    /// <summary>The first structured reference (QRR, SCOR or other), the one matching uses.</summary>
    public StructuredReference? Reference => StructuredReferences.Count > 0 ? StructuredReferences[0] : null;

    /// <summary>Unstructured remittance (Ustrd) lines joined by a new line.</summary>
    public string? RemittanceText => RemittanceLines.Count > 0 ? string.Join('\n', RemittanceLines) : null;
}

/// <summary>The Refs block of a transaction.</summary>
public sealed record TransactionReferences(
    string? EndToEndId,
    string? InstructionId,
    string? Uetr,
    string? AccountServicerReference,
    string? MessageId,
    string? PaymentInformationId,
    string? TransactionId)
{
    public static readonly TransactionReferences None = new(null, null, null, null, null, null, null);
}

/// <summary>A related party with its account and its agent (bank).</summary>
public sealed record TransactionParty(
    string? Name,
    string? Iban,
    string? OtherAccountId,
    string? AgentBic,
    string? AgentName,
    string? Country,
    IReadOnlyList<string> AddressLines);

/// <summary>What a structured creditor reference is (SIX IG QR-bill §3.4: QRR or SCOR; anything else is Other).</summary>
public enum ReferenceKind
{
    Qrr,
    Scor,
    Other,
}

/// <summary>
/// A structured creditor reference (RmtInf/Strd/CdtrRefInf). <see cref="Kind"/> follows the type the bank declared
/// (Cd SCOR, Prtry QRR); an undeclared one is recognised by its shape. <see cref="IsValid"/> is the check-digit
/// verdict (mod 10 recursive for QRR, ISO 11649 mod 97 for SCOR).
/// </summary>
public sealed record StructuredReference(string Value, ReferenceKind Kind, string? DeclaredType, bool IsValid);

/// <summary>ISO 20022 RtrInf: why a payment came back (e.g. reason code AC04).</summary>
public sealed record ReturnInfo(string? ReasonCode, string? ReasonProprietary, string? AdditionalInfo, string? OriginatorName);
