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

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> LegalFormLookup =
        LegalForms.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Lower case, accents stripped, punctuation as spaces, legal forms dropped, single spaces.</summary>
    public static string Normalize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "";
        var text = Ascii.IsValid(name) ? name : FoldLatin(name);
        Span<char> result = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var length = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && char.IsLetterOrDigit(text[i])) continue;
            if (i > start)
            {
                var at = length == 0 ? 0 : length + 1;
                var word = result.Slice(at, i - start);
                text.AsSpan(start, i - start).ToLowerInvariant(word);
                if (!LegalFormLookup.Contains(word))
                {
                    if (length > 0) result[length] = ' ';
                    length = at + word.Length;
                }
            }
            start = i + 1;
        }
        return new string(FoldUmlautSpellings(result[..length]));
    }

    /// <summary>"ae", "oe", "ue" to "a", "o", "u": banks spell Käser "Kaeser" or "Kaser" (the DIN 5007-2 and the
    /// stripped form); folding both sides the same way makes the three equal.</summary>
    private static Span<char> FoldUmlautSpellings(Span<char> text)
    {
        var n = 0;
        for (var i = 0; i < text.Length; i++)
        {
            text[n++] = text[i];
            if (i + 1 < text.Length && text[i + 1] == 'e' && text[i] is 'a' or 'o' or 'u') i++;
        }
        return text[..n];
    }

    // Base letter of each Latin-1 and Latin Extended-A letter (U+00C0..U+017F), from its canonical decomposition,
    // computed once: decomposing every name through ICU dominated the set-up time of a run.
    private const char FirstLatin = '\u00C0', LastLatin = '\u017F';
    private static readonly char[] LatinBase = [.. Enumerable.Range(FirstLatin, LastLatin - FirstLatin + 1).Select(c => BaseLetter((char)c))];

    private static char BaseLetter(char c)
    {
        if (c == 'ß') return 's';
        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        return char.IsAscii(decomposed[0]) ? decomposed[0] : c;
    }

    private static string FoldLatin(string name)
    {
        Span<char> folded = name.Length <= 256 ? stackalloc char[name.Length] : new char[name.Length];
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is >= FirstLatin and <= LastLatin) c = LatinBase[c - FirstLatin];
            else if (!char.IsAscii(c)) return StripAccents(name);
            folded[i] = c;
        }
        return new string(folded);
    }

    private static string StripAccents(string name)
    {
        var decomposed = name.Replace("ß", "ss", StringComparison.Ordinal).Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) kept.Append(c);
        return kept.ToString();
    }

    /// <summary>Words of a normalised name worth indexing (two letters or more), in order, without repeats.</summary>
    public static List<string> Tokens(string normalized)
    {
        var tokens = new List<string>(4);
        foreach (var range in normalized.AsSpan().Split(' '))
        {
            var token = normalized[range];
            if (token.Length >= 2 && !tokens.Contains(token)) tokens.Add(token);
        }
        return tokens;
    }

    /// <summary>Sorted distinct trigram codes of " name ", the padding giving word starts and ends their own trigrams.</summary>
    public static int[] Trigrams(string normalized)
    {
        if (normalized.Length == 0) return [];
        var codes = new int[normalized.Length];
        for (var i = 0; i < codes.Length; i++)
        {
            var a = i == 0 ? ' ' : normalized[i - 1];
            var c = i + 1 < normalized.Length ? normalized[i + 1] : ' ';
            codes[i] = (a & 0x3FF) << 20 | (normalized[i] & 0x3FF) << 10 | (c & 0x3FF);
        }
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
        foreach (var c in iban)
            if (char.IsWhiteSpace(c) || char.IsAsciiLetterLower(c)) return string.Concat(iban.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        return iban;
    }

    /// <summary>An invoice number as it can appear in a text: letters and digits only, upper case.</summary>
    public static string Number(ReadOnlySpan<char> number)
    {
        Span<char> buffer = number.Length <= 128 ? stackalloc char[number.Length] : new char[number.Length];
        return new string(buffer[..Number(number, buffer)]);
    }

    /// <summary>Writes the normalised number into <paramref name="buffer"/> (at least as long); returns its length.</summary>
    public static int Number(ReadOnlySpan<char> number, Span<char> buffer)
    {
        var n = 0;
        foreach (var c in number)
            if (char.IsAsciiLetterOrDigit(c)) buffer[n++] = char.ToUpperInvariant(c);
        return n;
    }
}
