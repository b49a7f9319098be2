using System.Text.RegularExpressions;
using Finance.Core.Invoicing.QrBill;

namespace Finance.Core.Payables.Payments;

/// <summary>Text checks shared by every pain.001 field.</summary>
internal static partial class SpsText
{
    /// <summary>First character outside the SPS character set, or null. SPS IG Credit Transfer 2.x, "Character set":
    /// Basic Latin, Latin-1 Supplement, Latin Extended-A, plus Ș ș Ț ț and € — the same set as the QR-bill's
    /// (<see cref="QrBillCharset"/>), so one table serves both. Anything else is refused, not transliterated: the
    /// creditor's name would silently change.</summary>
    public static string? FirstForbidden(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (QrBillCharset.IsPermitted(text[i])) continue;
            // Report a surrogate pair (an emoji) as the one character people see.
            var pair = i + 1 < text.Length && char.IsSurrogatePair(text[i], text[i + 1]);
            var code = pair ? char.ConvertToUtf32(text[i], text[i + 1]) : text[i];
            return $"'{text.Substring(i, pair ? 2 : 1)}' (U+{code:X4})";
        }
        return null;
    }

    /// <summary>ISO 3166 alpha-2 shape (the XSD's CountryCode pattern <c>[A-Z]{2,2}</c>).</summary>
    [GeneratedRegex("^[A-Z]{2}$")]
    public static partial Regex CountryCode();

    /// <summary>BICFIDec2014Identifier pattern of pain.001.001.09.</summary>
    [GeneratedRegex("^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")]
    public static partial Regex Bic();
}
