using System.Globalization;

namespace Finance.Core.Invoicing.QrBill;

/// <summary>Checks a <see cref="QrBill"/> against SIX IG QR-bill 2.3, "Data elements" and the IBAN/reference rules.</summary>
public static class QrBillValidator
{
    public const decimal MaxAmount = 999_999_999.99m;

    // Notification-only bills (IG 2.3, "Amt": 0.00 is reserved for them) carry this message in one of four languages.
    private static readonly string[] NotificationMessages =
        ["DO NOT USE FOR PAYMENT", "NICHT ZUR ZAHLUNG VERWENDEN", "NE PAS UTILISER POUR LE PAIEMENT", "NON UTILIZZARE PER IL PAGAMENTO"];

    /// <param name="bill">The bill.</param>
    /// <param name="forIssuing">True for bills we create: combined (K) addresses are refused, as IG 2.3 requires
    /// from 21 Nov 2025. False for bills we read, which may predate that rule.</param>
    public static IReadOnlyList<QrBillError> Validate(QrBill bill, bool forIssuing = true)
    {
        var errors = new List<QrBillError>();
        ValidateAccountAndReference(bill, errors);
        ValidateAmount(bill, errors);
        ValidateAddress(bill.Creditor, "Cdtr", forIssuing, errors);
        if (bill.Debtor is not null) ValidateAddress(bill.Debtor, "UltmtDbtr", forIssuing, errors);
        Text(bill.UnstructuredMessage, "AddInf.Ustrd", 140, errors);
        Text(bill.BillInformation, "AddInf.StrdBkgInf", 140, errors);
        // IG 2.3, "Additional information": message and bill information share 140 characters.
        if ((bill.UnstructuredMessage?.Length ?? 0) + (bill.BillInformation?.Length ?? 0) > 140)
            errors.Add(new(QrBillErrorKind.FieldTooLong, "AddInf", "Message and bill information together exceed 140 characters."));
        if (bill.AlternativeSchemes.Count > 2)
            errors.Add(new(QrBillErrorKind.TooManyAlternativeSchemes, "AltPmt", "At most two alternative schemes are allowed."));
        foreach (var scheme in bill.AlternativeSchemes) Text(scheme, "AltPmt", 100, errors);
        return errors;
    }

    private static void ValidateAccountAndReference(QrBill bill, List<QrBillError> errors)
    {
        if (!Iban.TryParse(bill.Account, out var iban))
        {
            errors.Add(new(QrBillErrorKind.AccountInvalid, "IBAN", $"'{bill.Account}' is not a valid IBAN."));
        }
        else if (iban.CountryCode is not ("CH" or "LI"))
        {
            errors.Add(new(QrBillErrorKind.AccountCountryInvalid, "IBAN", "The account must be a CH or LI IBAN."));
        }
        else if (iban.IsQrIban && bill.ReferenceType != QrReferenceType.Qrr)
        {
            errors.Add(new(QrBillErrorKind.QrIbanRequiresQrReference, "RmtInf.Tp", "A QR-IBAN requires a QR reference (QRR)."));
        }
        else if (!iban.IsQrIban && bill.ReferenceType == QrReferenceType.Qrr)
        {
            errors.Add(new(QrBillErrorKind.QrReferenceRequiresQrIban, "RmtInf.Tp", "A QR reference is only allowed with a QR-IBAN; use SCOR or NON."));
        }
        var reference = bill.Reference ?? "";
        switch (bill.ReferenceType)
        {
            case QrReferenceType.Qrr when string.IsNullOrWhiteSpace(reference):
                errors.Add(new(QrBillErrorKind.FieldRequired, "RmtInf.Ref", "A QR reference is required for type QRR."));
                break;
            case QrReferenceType.Qrr when CreditorReference.IsValid(reference):
                errors.Add(new(QrBillErrorKind.ReferenceTypeInvalid, "RmtInf.Tp", "A creditor reference (RF…) needs type SCOR."));
                break;
            case QrReferenceType.Qrr when !QrReference.IsValid(reference):
                errors.Add(new(QrBillErrorKind.ReferenceInvalid, "RmtInf.Ref", $"'{reference}' is not a valid QR reference."));
                break;
            case QrReferenceType.Scor when QrReference.IsValid(reference):
                errors.Add(new(QrBillErrorKind.ReferenceTypeInvalid, "RmtInf.Tp", "A QR reference needs type QRR."));
                break;
            case QrReferenceType.Scor when !CreditorReference.IsValid(reference):
                errors.Add(new(QrBillErrorKind.ReferenceInvalid, "RmtInf.Ref", $"'{reference}' is not a valid creditor reference."));
                break;
            case QrReferenceType.Non when !string.IsNullOrWhiteSpace(reference):
                errors.Add(new(QrBillErrorKind.ReferenceTypeInvalid, "RmtInf.Ref", "Reference type NON carries no reference."));
                break;
        }
    }

    private static void ValidateAmount(QrBill bill, List<QrBillError> errors)
    {
        if (bill.Currency is not ("CHF" or "EUR"))
            errors.Add(new(QrBillErrorKind.CurrencyInvalid, "Ccy", $"Currency '{bill.Currency}' is not CHF or EUR."));
        if (bill.Amount is not { } amount) return;
        var notification = amount == 0m && NotificationMessages.Contains(bill.UnstructuredMessage?.Trim().ToUpperInvariant());
        if ((amount < 0.01m && !notification) || amount > MaxAmount)
            errors.Add(new(QrBillErrorKind.AmountOutOfRange, "Amt",
                $"Amount {amount.ToString(CultureInfo.InvariantCulture)} is outside 0.01–999999999.99."));
        else if (decimal.Round(amount, 2) != amount)
            errors.Add(new(QrBillErrorKind.AmountInvalid, "Amt", "The amount has more than two decimals."));
    }

    private static void ValidateAddress(QrAddress a, string prefix, bool forIssuing, List<QrBillError> errors)
    {
        var combined = a.Type == QrAddressType.Combined;
        if (combined && forIssuing)
            errors.Add(new(QrBillErrorKind.AddressTypeNotAllowed, $"{prefix}.AdrTp", "New bills need structured addresses (type S)."));
        Required(a.Name, $"{prefix}.Name", 70, errors);
        Text(a.Street, $"{prefix}.StrtNmOrAdrLine1", 70, errors);
        if (combined)
        {
            Required(a.BuildingNumber, $"{prefix}.BldgNbOrAdrLine2", 70, errors);
            if (!string.IsNullOrEmpty(a.PostalCode) || !string.IsNullOrEmpty(a.Town))
                errors.Add(new(QrBillErrorKind.AddressTypeNotAllowed, $"{prefix}.PstCd", "A combined address has no postal code or town fields."));
        }
        else
        {
            Text(a.BuildingNumber, $"{prefix}.BldgNbOrAdrLine2", 16, errors);
            Required(a.PostalCode, $"{prefix}.PstCd", 16, errors);
            Required(a.Town, $"{prefix}.TwnNm", 35, errors);
        }
        if (a.Country.Length != 2 || !a.Country.All(char.IsAsciiLetterUpper))
            errors.Add(new(QrBillErrorKind.CountryInvalid, $"{prefix}.Ctry", $"'{a.Country}' is not an ISO 3166 two-letter code."));
    }

    private static void Required(string? value, string field, int max, List<QrBillError> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) errors.Add(new(QrBillErrorKind.FieldRequired, field, $"{field} is required."));
        else Text(value, field, max, errors);
    }

    private static void Text(string? value, string field, int max, List<QrBillError> errors)
    {
        if (value is null) return;
        if (value.Length > max) errors.Add(new(QrBillErrorKind.FieldTooLong, field, $"{field} has {value.Length} characters; at most {max}."));
        var bad = QrBillCharset.FirstInvalid(value);
        if (bad >= 0) errors.Add(new(QrBillErrorKind.InvalidCharacter, field, $"{field} contains U+{(int)value[bad]:X4}, not in the QR-bill character set."));
    }
}
