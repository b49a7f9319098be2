using System.Globalization;
using System.Text;

namespace Finance.Core.Reconciliation.Engine;

/// <summary>Counterparty names as banks show them: any case, accents dropped or not, legal form or not, typos.
/// Compared as sets of character trigrams (Jaccard), which survive one typo far better than whole words.</summary>
internal static class Names
{
    // Legal forms of the Swiss Code of Obligations in the four languages, and the usual foreign ones: a bank
    // shows "Müller AG", "MUELLER" or "Muller SA" for the same debtor, so the form carries no identity.
    private static readonly HashSet<string> LegalForms = new(StringComparer.Ordinal)
    {
        "ag", "sa", "sarl", "gmbh", "kg", "klg", "co", "cie", "ltd", "llc", "inc", "sas", "srl", "sagl", "spa", "bv", "nv",
        "plc", "ug", "eg", "gen", "genossenschaft", "cooperative", "und", "et", "e", "and", "&",
    };

    /// <summary>Lower case, accents stripped, punctuation as spaces, legal forms dropped, single spaces.</summary>
    public static string Normalize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "";
        var text = name;
        if (!Ascii.IsValid(text))
        {
            var decomposed = text.Replace("ß", "ss", StringComparison.Ordinal).Normalize(NormalizationForm.FormD);
            var kept = new StringBuilder(decomposed.Length);
            foreach (var c in decomposed)
                if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) kept.Append(c);
            text = kept.ToString();
        }
        var result = new StringBuilder(text.Length);
        Span<char> lower = stackalloc char[Math.Min(text.Length, 256)];
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && char.IsLetterOrDigit(text[i])) continue;
            if (i > start)
            {
                var word = text.AsSpan(start, Math.Min(i - start, lower.Length));
                var lowered = lower[..word.Length];
                word.ToLowerInvariant(lowered);
                if (!LegalForms.GetAlternateLookup<ReadOnlySpan<char>>().Contains(lowered))
                {
                    if (result.Length > 0) result.Append(' ');
                    result.Append(lowered);
                }
            }
            start = i + 1;
        }
        return result.ToString();
    }

    /// <summary>Words of a normalised name worth indexing (two letters or more).</summary>
    public static string[] Tokens(string normalized) =>
        normalized.Length == 0 ? [] : [.. normalized.Split(' ').Where(t => t.Length >= 2).Distinct(StringComparer.Ordinal)];

    /// <summary>Sorted distinct trigram codes of " name ", the padding giving word starts and ends their own trigrams.</summary>
    public static int[] Trigrams(string normalized)
    {
        if (normalized.Length == 0) return [];
        var padded = string.Concat(" ", normalized, " ");
        var codes = new int[padded.Length - 2];
        for (var i = 0; i < codes.Length; i++)
            codes[i] = (padded[i] & 0x3FF) << 20 | (padded[i + 1] & 0x3FF) << 10 | (padded[i + 2] & 0x3FF);
        Array.Sort(codes);
        var n = 0;
        for (var i = 0; i < codes.Length; i++)
            if (n == 0 || codes[i] != codes[n - 1]) codes[n++] = codes[i];
        return n == codes.Length ? codes : codes[..n];
    }

    /// <summary>Jaccard similarity of two sorted trigram sets, 0 when either is empty.</summary>
    public static double Similarity(int[] a, int[] b)
    {
        if (a.Length == 0 || b.Length == 0) return 0;
        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j]) { common++; i++; j++; }
            else if (a[i] < b[j]) i++;
            else j++;
        }
        return (double)common / (a.Length + b.Length - common);
    }

    /// <summary>IBAN without spaces, upper case; null when empty.</summary>
    public static string? Iban(string? iban)
    {
        if (string.IsNullOrWhiteSpace(iban)) return null;
        var s = iban.Trim();
        return s.Contains(' ', StringComparison.Ordinal) || s.Any(char.IsLower)
            ? string.Concat(s.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant()
            : s;
    }

    /// <summary>An invoice number as it can appear in a text: letters and digits only, upper case.</summary>
    public static string Number(ReadOnlySpan<char> number)
    {
        Span<char> buffer = number.Length <= 128 ? stackalloc char[number.Length] : new char[number.Length];
        var n = 0;
        foreach (var c in number)
            if (char.IsAsciiLetterOrDigit(c)) buffer[n++] = char.ToUpperInvariant(c);
        return new string(buffer[..n]);
    }
}
