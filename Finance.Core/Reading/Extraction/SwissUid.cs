using System.Text.RegularExpressions;

namespace Finance.Core.Reading.Extraction;

/// <summary>The Swiss enterprise identification number, CHE-123.456.789: eight digits and a modulo 11 check digit with
/// weights 5 4 3 2 7 6 5 4 (Federal Statistical Office, UID ordinance; a remainder giving 10 is never issued).</summary>
internal static partial class SwissUid
{
    private static readonly int[] Weights = [5, 4, 3, 2, 7, 6, 5, 4];

    public static bool IsValid(string digits)
    {
        if (digits.Length != 9 || !digits.All(char.IsAsciiDigit)) return false;
        var sum = 0;
        for (var i = 0; i < 8; i++) sum += (digits[i] - '0') * Weights[i];
        var check = 11 - sum % 11;
        if (check == 11) check = 0;
        return check != 10 && check == digits[8] - '0';
    }

    public static string Format(string digits) => $"CHE-{digits[..3]}.{digits[3..6]}.{digits[6..]}";

    /// <summary>Valid UIDs on a line with their position, and the VAT suffix (MWST, TVA, IVA) when one follows.</summary>
    public static IEnumerable<(string Uid, string? VatSuffix, int Start, int Length)> Find(string line)
    {
        foreach (Match m in Uid().Matches(line))
        {
            var digits = m.Groups[1].Value + m.Groups[2].Value + m.Groups[3].Value;
            if (IsValid(digits)) yield return (Format(digits), m.Groups[4].Success ? m.Groups[4].Value.ToUpperInvariant() : null, m.Index, m.Length);
        }
    }

    [GeneratedRegex(@"CHE[-\s]?(\d{3})[.\s]?(\d{3})[.\s]?(\d{3})(?:\s*(MWST|TVA|IVA|VAT))?", RegexOptions.IgnoreCase)]
    private static partial Regex Uid();
}
