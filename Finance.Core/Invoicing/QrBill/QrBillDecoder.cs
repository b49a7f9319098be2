using System.Globalization;

namespace Finance.Core.Invoicing.QrBill;

/// <summary>Turns payload lines into a <see cref="QrBill"/>; structural problems only (the element
/// order is IG 2.3, "Data elements in the QR-bill").</summary>
internal static class QrBillDecoder
{
    private static readonly string[] Separators = ["\r\n", "\r", "\n"];

    public static QrBill? Decode(string text, out List<QrBillError> errors)
    {
        errors = [];
        var lines = text.Split(Separators, StringSplitOptions.None).ToList();
        var (min, max) = QrBillPayload.LineCount;
        // A final separator is tolerated: drop empty elements beyond the mandatory ones.
        while (lines.Count > min && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        if (lines[0] != "SPC" || lines.Count < min || lines.Count > max)
        {
            errors.Add(new(QrBillErrorKind.KeyDataStructureInvalid, "QRType", "The text is not a QR-bill payload (header 'SPC' and 31–34 elements expected)."));
            return null;
        }
        // Only the major version counts: "0201" decodes as "0200" (IG 2.3, data element "Version").
        if (lines[1].Length != 4 || !lines[1].All(char.IsAsciiDigit) || !lines[1].StartsWith("02", StringComparison.Ordinal))
        {
            errors.Add(new(QrBillErrorKind.KeyVersionUnsupported, "Version", $"Version '{lines[1]}' is not supported (02xx expected)."));
            return null;
        }
        if (lines[2] != "1") errors.Add(new(QrBillErrorKind.CodingTypeInvalid, "Coding", "Coding type must be 1 (UTF-8)."));

        decimal? amount = null;
        if (lines[18].Length > 0)
        {
            if (decimal.TryParse(lines[18], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var a)) amount = a;
            else errors.Add(new(QrBillErrorKind.AmountInvalid, "Amt", $"'{lines[18]}' is not an amount."));
        }
        var type = QrReferenceTypeCodes.Parse(lines[27]);
        if (type is null) errors.Add(new(QrBillErrorKind.ReferenceTypeInvalid, "RmtInf.Tp", $"Reference type '{lines[27]}' is not QRR, SCOR or NON."));
        if (lines[30] != "EPD") errors.Add(new(QrBillErrorKind.TrailerInvalid, "AddInf.Trailer", "Trailer must be 'EPD'."));

        var creditor = Address(lines, 4, "Cdtr", errors);
        return new QrBill
        {
            Account = lines[3],
            Creditor = creditor ?? new QrAddress("", null, null, null, null, ""),
            Amount = amount,
            Currency = lines[19],
            Debtor = Address(lines, 20, "UltmtDbtr", errors),
            ReferenceType = type ?? QrReferenceType.Non,
            Reference = NullIfEmpty(lines[28]),
            UnstructuredMessage = NullIfEmpty(lines[29]),
            BillInformation = lines.Count > 31 ? NullIfEmpty(lines[31]) : null,
            AlternativeSchemes = lines.Skip(32).Where(s => s.Length > 0).ToList(),
        };
    }

    private static QrAddress? Address(List<string> lines, int at, string prefix, List<QrBillError> errors)
    {
        var fields = lines.GetRange(at, 7);
        if (fields.All(f => f.Length == 0)) return null;
        var type = fields[0] switch { "S" => QrAddressType.Structured, "K" => QrAddressType.Combined, _ => (QrAddressType?)null };
        if (type is null)
        {
            errors.Add(new(QrBillErrorKind.FieldRequired, $"{prefix}.AdrTp", $"Address type '{fields[0]}' is not S or K."));
            type = QrAddressType.Structured;
        }
        return new QrAddress(fields[1], NullIfEmpty(fields[2]), NullIfEmpty(fields[3]), NullIfEmpty(fields[4]),
            NullIfEmpty(fields[5]), fields[6], type.Value);
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
