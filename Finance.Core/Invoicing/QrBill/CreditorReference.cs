namespace Finance.Core.Invoicing.QrBill;

/// <summary>Structured Creditor Reference, ISO 11649 ("RF" + 2 check digits + up to 21 letters or
/// digits); in a QR-bill it is the reference type SCOR (SIX IG QR-bill 2.3, data element "Tp").</summary>
public static class CreditorReference
{
    public const int MaxLength = 25;

    /// <summary>Whitespace removed and upper-cased; how the reference goes into the payload.</summary>
    public static string Normalize(string text) => Grouping.WithoutWhitespace(text).ToUpperInvariant();

    public static bool IsValid(string? text)
    {
        if (text is null) return false;
        var s = Normalize(text);
        return HasShape(s) && Mod97.HasValidCheckDigits(s);
    }

    /// <summary>Shape only (no check digits): RF, two digits, 1–21 letters or digits.</summary>
    public static bool HasShape(string normalized) =>
        normalized.Length is >= 5 and <= MaxLength
        && normalized.StartsWith("RF", StringComparison.Ordinal)
        && char.IsAsciiDigit(normalized[2]) && char.IsAsciiDigit(normalized[3])
        && normalized.AsSpan(4).IndexOfAnyExcept(AlphaNumeric) < 0;

    /// <summary>Builds "RF" + check digits + <paramref name="raw"/> (1–21 letters or digits).</summary>
    public static string Create(string raw)
    {
        var body = Normalize(raw);
        if (body.Length is 0 or > MaxLength - 4 || body.AsSpan().IndexOfAnyExcept(AlphaNumeric) >= 0)
            throw new ArgumentException("A creditor reference needs 1 to 21 letters or digits.", nameof(raw));
        return $"RF{CheckDigits(body):D2}{body}";
    }

    public static int CheckDigits(string raw) => Mod97.CheckDigits("RF", Normalize(raw));

    /// <summary>Print form: groups of four from the left, "RF18 5390 0754 7034" (SIX IG QR-bill 2.3, "Payment part").</summary>
    public static string Format(string reference) => Grouping.InBlocks(Normalize(reference), 4, fromEnd: false);

    private static readonly System.Buffers.SearchValues<char> AlphaNumeric =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
}
