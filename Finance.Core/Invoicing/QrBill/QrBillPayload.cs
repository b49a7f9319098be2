using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Finance.Core.Invoicing.QrBill;

/// <summary>Encodes and decodes the text in the Swiss QR Code (SIX IG QR-bill 2.3, "Swiss QR Code" and "Data elements").</summary>
public static class QrBillPayload
{
    public const int MaxLength = 997;
    private const int MandatoryLines = 31;
    private const int MaxLines = 34;

    /// <summary>Validates <paramref name="bill"/> and returns its payload. Elements are separated by LF
    /// (IG 2.3, "Separator element", allows CR+LF or LF; LF leaves more room under the 997-character limit) and the
    /// last element has no separator after it. Optional trailing elements are left out when empty.</summary>
    /// <exception cref="QrBillException">The bill breaks a rule of the guidelines.</exception>
    public static string Build(QrBill bill)
    {
        var errors = QrBillValidator.Validate(bill, forIssuing: true);
        if (errors.Count > 0) throw new QrBillException(errors);

        var lines = new List<string>(MaxLines) { "SPC", "0200", "1", Iban.Normalize(bill.Account) };
        AddAddress(lines, bill.Creditor);
        lines.AddRange(Enumerable.Repeat("", 7)); // Ultimate creditor: reserved for future use (IG 2.3, "Data elements").
        lines.Add(bill.Amount?.ToString("0.00", CultureInfo.InvariantCulture) ?? "");
        lines.Add(bill.Currency);
        if (bill.Debtor is null) lines.AddRange(Enumerable.Repeat("", 7));
        else AddAddress(lines, bill.Debtor);
        lines.Add(bill.ReferenceType.Code());
        lines.Add(bill.ReferenceType switch
        {
            QrReferenceType.Qrr => Grouping.WithoutWhitespace(bill.Reference!),
            QrReferenceType.Scor => CreditorReference.Normalize(bill.Reference!),
            _ => "",
        });
        lines.Add(bill.UnstructuredMessage ?? "");
        lines.Add("EPD");
        if (bill.AlternativeSchemes.Count > 0 || !string.IsNullOrEmpty(bill.BillInformation))
            lines.Add(bill.BillInformation ?? "");
        lines.AddRange(bill.AlternativeSchemes);

        var payload = string.Join('\n', lines);
        if (payload.Length > MaxLength)
            throw new QrBillException([new(QrBillErrorKind.PayloadTooLong, "QrCode", $"The payload has {payload.Length} characters; at most {MaxLength}.")]);
        return payload;
    }

    /// <summary>Decodes and validates a payload; separators may be CR+LF, CR or LF, with or without a
    /// final one. Bills read may use combined (K) addresses, which older bills carry.</summary>
    /// <exception cref="QrBillException">The text is not a valid QR-bill.</exception>
    public static QrBill Parse(string text) =>
        TryParse(text, out var bill, out var errors) ? bill : throw new QrBillException(errors);

    public static bool TryParse(string text, [NotNullWhen(true)] out QrBill? bill, out IReadOnlyList<QrBillError> errors)
    {
        bill = null;
        var decoded = QrBillDecoder.Decode(text, out var structural);
        if (decoded is null || structural.Count > 0)
        {
            errors = structural; // content rules would only repeat what decoding already found
            return false;
        }
        var all = QrBillValidator.Validate(decoded, forIssuing: false).ToList();
        if (text.Length > MaxLength)
            all.Add(new(QrBillErrorKind.PayloadTooLong, "QrCode", $"The payload has {text.Length} characters; at most {MaxLength}."));
        errors = all;
        if (all.Count > 0) return false;
        bill = decoded;
        return true;
    }

    internal static (int Min, int Max) LineCount => (MandatoryLines, MaxLines);

    private static void AddAddress(List<string> lines, QrAddress a)
    {
        lines.Add(a.Type == QrAddressType.Combined ? "K" : "S");
        lines.Add(a.Name);
        lines.Add(a.Street ?? "");
        lines.Add(a.BuildingNumber ?? "");
        lines.Add(a.PostalCode ?? "");
        lines.Add(a.Town ?? "");
        lines.Add(a.Country);
    }
}
