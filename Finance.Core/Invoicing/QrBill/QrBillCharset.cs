namespace Finance.Core.Invoicing.QrBill;

/// <summary>The characters a QR-bill field may hold (SIX IG QR-bill 2.3, "Character set"):
/// Basic Latin, Latin-1 Supplement and Latin Extended-A without control characters, Ș ș Ț ț and €.</summary>
public static class QrBillCharset
{
    public static bool IsPermitted(char c) =>
        c is (>= '\u0020' and <= '\u007E') or (>= '\u00A0' and <= '\u017F') or (>= '\u0218' and <= '\u021B') or '\u20AC';

    /// <summary>Index of the first character not permitted, or -1.</summary>
    public static int FirstInvalid(string text)
    {
        for (var i = 0; i < text.Length; i++)
            if (!IsPermitted(text[i])) return i;
        return -1;
    }
}
