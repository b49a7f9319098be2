namespace Finance.Core.Invoicing.QrBill;

/// <summary>The data of a Swiss QR-bill (SIX IG QR-bill 2.3: "SPC" version 0200, coding 1).</summary>
/// <remarks>Plain data; <see cref="QrBillValidator"/> checks it and <see cref="QrBillPayload"/> encodes it.</remarks>
public sealed record QrBill
{
    /// <summary>Creditor IBAN or QR-IBAN (CH/LI only); separators are tolerated and removed on encoding.</summary>
    public required string Account { get; init; }

    public required QrAddress Creditor { get; init; }

    /// <summary>Null leaves the amount to the payer (the bill then shows a blank field).</summary>
    public decimal? Amount { get; init; }

    /// <summary>"CHF" or "EUR".</summary>
    public string Currency { get; init; } = "CHF";

    public QrAddress? Debtor { get; init; }

    public QrReferenceType ReferenceType { get; init; } = QrReferenceType.Non;

    /// <summary>QR reference (27 digits) or creditor reference (RF…); null for <see cref="QrReferenceType.Non"/>.</summary>
    public string? Reference { get; init; }

    public string? UnstructuredMessage { get; init; }

    /// <summary>Structured bill information for the payer's software, e.g. Swico "//S1/10/…".</summary>
    public string? BillInformation { get; init; }

    /// <summary>At most two alternative schemes ("AltPmt"), each up to 100 characters.</summary>
    public IReadOnlyList<string> AlternativeSchemes { get; init; } = [];

    // Field-by-field equality including the scheme list (the default compares the list by reference).
    public bool Equals(QrBill? other) =>
        other is not null
        && Account == other.Account && Creditor == other.Creditor && Amount == other.Amount
        && Currency == other.Currency && Debtor == other.Debtor && ReferenceType == other.ReferenceType
        && Reference == other.Reference && UnstructuredMessage == other.UnstructuredMessage
        && BillInformation == other.BillInformation && AlternativeSchemes.SequenceEqual(other.AlternativeSchemes);

    public override int GetHashCode() => HashCode.Combine(Account, Creditor, Amount, Reference);
}

public enum QrReferenceType
{
    /// <summary>"QRR": QR reference, only with a QR-IBAN.</summary>
    Qrr,
    /// <summary>"SCOR": ISO 11649 creditor reference, only with a plain IBAN.</summary>
    Scor,
    /// <summary>"NON": no reference, only with a plain IBAN.</summary>
    Non,
}

/// <summary>The one mapping between <see cref="QrReferenceType"/> and its code (SIX IG QR-bill 2.3, RmtInf.Tp), the text
/// the payload carries and <c>invoices.reference_type</c> stores.</summary>
public static class QrReferenceTypeCodes
{
    public const string Qrr = "QRR";
    public const string Scor = "SCOR";
    public const string Non = "NON";

    public static string Code(this QrReferenceType type) => type switch
    {
        QrReferenceType.Qrr => Qrr,
        QrReferenceType.Scor => Scor,
        QrReferenceType.Non => Non,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The type a code names; null for anything else.</summary>
    public static QrReferenceType? Parse(string? code) => code switch
    {
        Qrr => QrReferenceType.Qrr,
        Scor => QrReferenceType.Scor,
        Non => QrReferenceType.Non,
        _ => null,
    };
}

/// <summary>"S" structured (the only type allowed for new bills from IG 2.3, 21 Nov 2025) or "K"
/// combined (two free lines; still read from older bills).</summary>
public enum QrAddressType { Structured, Combined }

/// <summary>A party on the bill. For <see cref="QrAddressType.Combined"/>, <see cref="Street"/> holds
/// address line 1 and <see cref="BuildingNumber"/> address line 2, as the payload does (IG 2.3, "Data elements").</summary>
public sealed record QrAddress(
    string Name,
    string? Street,
    string? BuildingNumber,
    string? PostalCode,
    string? Town,
    string Country,
    QrAddressType Type = QrAddressType.Structured)
{
    public static QrAddress Combined(string name, string? line1, string line2, string country) =>
        new(name, line1, line2, null, null, country, QrAddressType.Combined);
}
