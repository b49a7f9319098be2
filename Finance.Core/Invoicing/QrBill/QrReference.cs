namespace Finance.Core.Invoicing.QrBill;

/// <summary>QR reference (QRR): 26 digits plus a modulo 10 recursive check digit, usable only with a
/// QR-IBAN (SIX IG QR-bill 2.3, data element "Ref"; the check digit is the one of the ISR/ESR reference).</summary>
public static class QrReference
{
    public const int Length = 27;

    // The "modulo 10, recursive" carry table (SIX ISR/QR-bill technical documentation).
    private static readonly int[] Table = [0, 9, 4, 6, 8, 2, 7, 1, 3, 5];

    /// <summary>True when <paramref name="text"/> (whitespace ignored) is 27 digits, not all zero,
    /// with a correct check digit. A length/digits check alone is not enough (fixtures/README.md).</summary>
    public static bool IsValid(string? text)
    {
        if (text is null) return false;
        var digits = Grouping.WithoutWhitespace(text);
        if (digits.Length != Length || !digits.All(char.IsAsciiDigit)) return false;
        if (digits.All(c => c == '0')) return false;
        return CheckDigit(digits.AsSpan(0, Length - 1)) == digits[^1] - '0';
    }

    /// <summary>Check digit of a digit string (modulo 10, recursive).</summary>
    public static int CheckDigit(ReadOnlySpan<char> digits)
    {
        var carry = 0;
        foreach (var c in digits)
        {
            if (char.IsWhiteSpace(c)) continue;
            if (!char.IsAsciiDigit(c)) throw new ArgumentException("Invalid character in reference (digits allowed only).", nameof(digits));
            carry = Table[(carry + c - '0') % 10];
        }
        return (10 - carry) % 10;
    }

    /// <summary>Creates a QR reference from a number of up to 26 digits: zero-padded on the left,
    /// check digit appended.</summary>
    public static string Create(string number)
    {
        var digits = Grouping.WithoutWhitespace(number);
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
            throw new ArgumentException("Invalid character in reference (digits allowed only).", nameof(number));
        if (digits.Length > Length - 1) throw new ArgumentException("Reference number is too long.", nameof(number));
        if (digits.All(c => c == '0')) throw new ArgumentException("A reference of only zeros is invalid.", nameof(number));
        var body = digits.PadLeft(Length - 1, '0');
        return body + CheckDigit(body);
    }

    /// <summary>Creates a QR reference from a bank-assigned customer identification number (BESR-ID,
    /// left-aligned) and the creditor's own reference number (right-aligned).</summary>
    public static string Create(string? customerId, string referenceNumber)
    {
        var prefix = Grouping.WithoutWhitespace(customerId ?? "");
        var number = Grouping.WithoutWhitespace(referenceNumber);
        if (prefix.Length > 11 || !prefix.All(char.IsAsciiDigit))
            throw new ArgumentException("Customer identification number must be at most 11 digits.", nameof(customerId));
        if (number.Length == 0 || !number.All(char.IsAsciiDigit))
            throw new ArgumentException("Reference number must be digits.", nameof(referenceNumber));
        if (prefix.Length + number.Length > Length - 1)
            throw new ArgumentException("Customer identification and reference number are too long together.", nameof(referenceNumber));
        return Create(prefix + number.PadLeft(Length - 1 - prefix.Length, '0'));
    }

    /// <summary>Print form: blocks of five from the right, "21 00000 00003 13947 14300 09017"
    /// (SIX IG QR-bill 2.3, "Payment part"). A shorter number is zero-padded on the left first.</summary>
    public static string Format(string reference)
    {
        var digits = Grouping.WithoutWhitespace(reference).PadLeft(Length, '0');
        return Grouping.InBlocks(digits, 5, fromEnd: true);
    }
}
