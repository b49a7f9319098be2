using System.Text.RegularExpressions;
using Finance.Core.Invoicing.QrBill;

namespace Finance.Core.Reading.Extraction;

/// <summary>IBANs and payment references in running text, accepted only with correct check digits (ISO 13616 mod 97,
/// the QR reference's modulo 10 recursive, ISO 11649), which is what makes a read one sure.</summary>
internal static partial class PaymentText
{
    public static IEnumerable<(string Iban, bool Valid, int Start, int Length)> Ibans(string line)
    {
        foreach (Match m in IbanStart().Matches(line))
        {
            var length = IbanRegistry.IbanLength(m.Value[..2].ToUpperInvariant());
            if (length is null) continue;
            var chars = new List<char>();
            var at = m.Index;
            for (; at < line.Length && chars.Count < length; at++)
            {
                if (char.IsAsciiLetterOrDigit(line[at])) chars.Add(char.ToUpperInvariant(line[at]));
                else if (line[at] != ' ' || (at + 1 < line.Length && line[at + 1] == ' ')) break;
            }
            var candidate = new string([.. chars]);
            if (Iban.TryParse(candidate, out var iban)) yield return (iban.Value, true, m.Index, at - m.Index);
            else if (candidate.Length == length && IbanRegistry.BbanMatches(candidate[..2], candidate.AsSpan(4))) yield return (candidate, false, m.Index, at - m.Index);
        }
    }

    public static IEnumerable<(string Reference, string Type, int Start, int Length)> References(string line)
    {
        foreach (Match m in QrReferenceText().Matches(line))
        {
            var digits = Grouping.WithoutWhitespace(m.Value);
            if (QrReference.IsValid(digits)) yield return (digits, "QRR", m.Index, m.Length);
        }
        foreach (Match m in CreditorReferenceText().Matches(line))
        {
            // The match may run into the next word; the longest prefix with valid check digits is the reference.
            var text = CreditorReference.Normalize(m.Value);
            for (var n = text.Length; n >= 5; n--)
            {
                if (CreditorReference.IsValid(text[..n])) { yield return (text[..n], "SCOR", m.Index, m.Length); break; }
            }
        }
    }

    [GeneratedRegex(@"\b[A-Z]{2}\d{2}(?=[ ]?[A-Z0-9])")]
    private static partial Regex IbanStart();

    [GeneratedRegex(@"(?<!\d)\d{2}(?: ?\d{5}){5}(?!\d)")]
    private static partial Regex QrReferenceText();

    [GeneratedRegex(@"\bRF\d{2}(?: ?[A-Z0-9]{1,4}){1,6}")]
    private static partial Regex CreditorReferenceText();
}
