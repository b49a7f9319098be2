using System.Text;

namespace Finance.Core.Invoicing.QrBill;

internal static class Grouping
{
    /// <summary>Splits <paramref name="value"/> into blocks separated by one space; with
    /// <paramref name="fromEnd"/> the short block comes first (QR reference, SIX IG QR-bill 2.3, "Payment part").</summary>
    public static string InBlocks(string value, int size, bool fromEnd)
    {
        var sb = new StringBuilder(value.Length + value.Length / size);
        var offset = fromEnd ? value.Length % size : 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (i > 0 && (i - offset) % size == 0) sb.Append(' ');
            sb.Append(value[i]);
        }
        return sb.ToString();
    }

    public static string WithoutWhitespace(string text) =>
        new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
}
