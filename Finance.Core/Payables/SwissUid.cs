using System.Diagnostics.CodeAnalysis;

namespace Finance.Core.Payables;

/// <summary>
/// The Swiss enterprise number (UID, <c>CHE-123.456.789</c>): eight digits and a check digit, weights 5 4 3 2 7 6 5 4,
/// check = 11 − (sum mod 11); a remainder giving 10 makes the number impossible (Federal Statistical Office, UID ordinance).
/// </summary>
public static class SwissUid
{
    private static readonly int[] Weights = [5, 4, 3, 2, 7, 6, 5, 4];

    /// <summary>The UID in its printed form, or false when <paramref name="text"/> is not one (VAT suffixes MWST/TVA/IVA are ignored).</summary>
    public static bool TryNormalize(string? text, [NotNullWhen(true)] out string? uid)
    {
        uid = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var upper = text.Trim().ToUpperInvariant();
        if (!upper.StartsWith("CHE", StringComparison.Ordinal)) return false;
        var digits = new string([.. upper[3..].TakeWhile(c => char.IsDigit(c) || c is '-' or '.' or ' ').Where(char.IsDigit)]);
        if (digits.Length != 9) return false;
        var sum = 0;
        for (var i = 0; i < 8; i++) sum += (digits[i] - '0') * Weights[i];
        var check = 11 - (sum % 11);
        if (check == 10) return false;
        if (check == 11) check = 0;
        if (check != digits[8] - '0') return false;
        uid = $"CHE-{digits[..3]}.{digits[3..6]}.{digits[6..]}";
        return true;
    }
}
