namespace Finance.Core.Payables.Payments;

/// <summary>How a transfer tells the creditor what it pays (SPS IG Credit Transfer, pain.001.001.09, "RmtInf").</summary>
public enum RemittanceKind
{
    /// <summary>QR reference: 27 digits, mod-10 recursive check digit; required with, and only with, a creditor QR-IBAN.</summary>
    Qrr,

    /// <summary>ISO 11649 creditor reference ("RF…").</summary>
    Scor,

    /// <summary>Free text in <c>RmtInf/Ustrd</c>, at most 140 characters.</summary>
    Unstructured,

    /// <summary>No remittance information.</summary>
    None,
}

/// <summary>The paying company and the account debited (<c>Dbtr</c>, <c>DbtrAcct</c>, <c>DbtrAgt</c>); its name is also the
/// initiating party. <paramref name="Bic"/> null writes <c>DbtrAgt/FinInstnId/Othr/Id</c> = NOTPROVIDED.</summary>
public sealed record PaymentDebtor(string Name, string Iban, string? Bic, PostalAddress? Address);

/// <summary>A structured postal address (<c>PstlAdr</c>); <paramref name="Country"/> is ISO 3166 alpha-2.</summary>
public sealed record PostalAddress(string? Street, string? BuildingNumber, string? PostCode, string? Town, string Country);

/// <summary>One <c>CdtTrfTxInf</c>. <paramref name="Reference"/> carries the QRR or SCOR reference; <paramref name="UnstructuredText"/>
/// is the <c>Ustrd</c> text for <see cref="RemittanceKind.Unstructured"/>, and for QRR/SCOR the optional additional
/// information written to <c>Strd/AddtlRmtInf</c> (the QR-bill's "unstructured message"). Currency is CHF or EUR.</summary>
public sealed record CreditTransfer(
    string EndToEndId,
    string CreditorName,
    PostalAddress? CreditorAddress,
    string CreditorIban,
    decimal Amount,
    string Currency,
    RemittanceKind RemittanceKind,
    string? Reference,
    string? UnstructuredText)
{
    /// <summary>Optional <c>PmtId/InstrId</c>, max 35, unique in the file.</summary>
    public string? InstructionId { get; init; }
}

/// <summary>Everything one pain.001.001.09 file holds: a message id the bank has never seen (uniqueness across files is
/// the caller's: the bank refuses a repeated MsgId), one debtor account, one execution date and the transfers.</summary>
public sealed record PaymentRunFile(
    string MessageId,
    DateTimeOffset CreatedAt,
    DateOnly RequestedExecutionDate,
    PaymentDebtor Debtor,
    IReadOnlyList<CreditTransfer> Transfers,
    bool BatchBooking = true);
