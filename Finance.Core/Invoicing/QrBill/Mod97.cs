namespace Finance.Core.Invoicing.QrBill;

/// <summary>ISO 7064 MOD 97-10, shared by IBAN (ISO 13616) and creditor references (ISO 11649).</summary>
internal static class Mod97
{
    /// <summary>Remainder of the number formed by <paramref name="text"/> with letters as 10..35.</summary>
    /// <returns>The remainder, or -1 when a character is neither an ASCII digit nor a letter.</returns>
    public static int Remainder(ReadOnlySpan<char> text)
    {
        var remainder = 0;
        foreach (var raw in text)
        {
            var c = char.ToUpperInvariant(raw);
            if (char.IsAsciiDigit(c)) remainder = (remainder * 10 + (c - '0')) % 97;
            else if (char.IsAsciiLetterUpper(c)) remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            else return -1;
        }
        return remainder;
    }

    /// <summary>The remainder of <paramref name="body"/> followed by <paramref name="prefix"/>, as both
    /// standards move the first four characters to the end before computing.</summary>
    public static int RotatedRemainder(ReadOnlySpan<char> prefix, ReadOnlySpan<char> body)
    {
        var head = Remainder(body);
        if (head < 0) return -1;
        var remainder = head;
        foreach (var raw in prefix)
        {
            var c = char.ToUpperInvariant(raw);
            if (char.IsAsciiDigit(c)) remainder = (remainder * 10 + (c - '0')) % 97;
            else if (char.IsAsciiLetterUpper(c)) remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            else return -1;
        }
        return remainder;
    }

    /// <summary>Check digits 02..98 that make <c>body + letters + digits</c> ≡ 1 (mod 97).</summary>
    public static int CheckDigits(ReadOnlySpan<char> letters, ReadOnlySpan<char> body) =>
        98 - RotatedRemainder(string.Concat(letters, "00"), body);

    /// <summary>00, 01 and 99 are never produced by <see cref="CheckDigits"/>, yet some pass a
    /// naive "mod 97 = 1" test (e.g. RF0072): ISO 13616 and ISO 11649 allow 02..98 only.</summary>
    public static bool IsPossibleCheckDigits(int value) => value is >= 2 and <= 98;
}
