namespace Finance.Core.Invoicing.QrBill;

public enum QrBillErrorKind
{
    /// <summary>Not a QR-bill payload: header is not "SPC" or the number of lines is wrong.</summary>
    KeyDataStructureInvalid,
    /// <summary>Major version is not 02 (minor versions are ignored, IG 2.3, data element "Version").</summary>
    KeyVersionUnsupported,
    CodingTypeInvalid,
    FieldRequired,
    FieldTooLong,
    /// <summary>A character outside the permitted Latin set (IG 2.3, "Character set").</summary>
    InvalidCharacter,
    AccountInvalid,
    /// <summary>Only CH and LI IBANs may receive QR-bill payments (IG 2.3, data element "IBAN").</summary>
    AccountCountryInvalid,
    CurrencyInvalid,
    AmountInvalid,
    AmountOutOfRange,
    CountryInvalid,
    /// <summary>Combined addresses (K) are no longer allowed on new bills (IG 2.3).</summary>
    AddressTypeNotAllowed,
    ReferenceTypeInvalid,
    ReferenceInvalid,
    /// <summary>A QR-IBAN needs a QR reference (type QRR).</summary>
    QrIbanRequiresQrReference,
    /// <summary>A QR reference needs a QR-IBAN; a plain IBAN takes SCOR or NON.</summary>
    QrReferenceRequiresQrIban,
    TrailerInvalid,
    TooManyAlternativeSchemes,
    PayloadTooLong,
}

/// <summary>One problem with a bill; <see cref="Field"/> names the payload element (IG 2.3, "Data elements").</summary>
public sealed record QrBillError(QrBillErrorKind Kind, string Field, string Message)
{
    public override string ToString() => $"{Kind} ({Field}): {Message}";
}

/// <summary>Thrown when a bill cannot be encoded, decoded or rendered; carries every error found.</summary>
public sealed class QrBillException(IReadOnlyList<QrBillError> errors)
    : Exception("Invalid QR-bill: " + string.Join("; ", errors))
{
    public IReadOnlyList<QrBillError> Errors { get; } = errors;
}
