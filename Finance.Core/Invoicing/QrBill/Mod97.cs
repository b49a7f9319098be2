using System.Globalization;

namespace Finance.Core.Invoicing.QrBill;

/// <summary>ISO 7064 MOD 97-10, shared by IBAN (ISO 13616) and creditor references (ISO 11649).</summary>
internal static class Mod97
{
    /// <summary>Remainder of the number formed by <paramref name="text"/> with letters as 10..35.</summary>
    /// <returns>The remainder, or -1 when a character is neither an ASCII digit nor a letter.</returns>
    public static int Remainder(ReadOnlySpan<char> text) => Accumulate(0, text);

    /// <summary>The remainder of <paramref name="body"/> followed by <paramref name="prefix"/>, as both
    /// standards move the first four characters to the end before computing.</summary>
    public static int RotatedRemainder(ReadOnlySpan<char> prefix, ReadOnlySpan<char> body)
    {
        var head = Remainder(body);
        return head < 0 ? -1 : Accumulate(head, prefix);
    }

    /// <summary>Check digits 02..98 that make <c>body + letters + digits</c> ≡ 1 (mod 97).</summary>
    public static int CheckDigits(ReadOnlySpan<char> letters, ReadOnlySpan<char> body) =>
        98 - RotatedRemainder(string.Concat(letters, "00"), body);

    /// <summary>Whether <paramref name="value"/> (two letters, two check digits, the rest; the check digits
    /// already known to be digits) checks out: the rotated remainder is 1 and the check digits are 02..98.</summary>
    /// <remarks>00, 01 and 99 are never produced by <see cref="CheckDigits"/>, yet some pass a
    /// naive "mod 97 = 1" test (e.g. RF0072): ISO 13616 and ISO 11649 allow 02..98 only.</remarks>
    public static bool HasValidCheckDigits(ReadOnlySpan<char> value) =>
        int.Parse(value.Slice(2, 2), CultureInfo.InvariantCulture) is >= 2 and <= 98 && RotatedRemainder(value[..4], value[4..]) == 1;

    /// <summary>Continues <paramref name="remainder"/> over <paramref name="text"/>; -1 at a character that is neither an ASCII digit nor a letter.</summary>
    private static int Accumulate(int remainder, ReadOnlySpan<char> text)
    {
        foreach (var raw in text)
        {
            var c = char.ToUpperInvariant(raw);
            if (char.IsAsciiDigit(c)) remainder = (remainder * 10 + (c - '0')) % 97;
            else if (char.IsAsciiLetterUpper(c)) remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            else return -1;
        }
        return remainder;
    }
}
