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
        Span<char> buffer = name.Length <= 256 ? stackalloc char[name.Length] : new char[name.Length];
        return NormalizedFits(name, buffer) ? new string(buffer[..Normalize(name, buffer)]) : NormalizeFolded(StripAccents(name));
    }

    /// <summary>Writes the normalised name into <paramref name="buffer"/> (as long as the name; check with <see cref="NormalizedFits"/>)
    /// and returns its length: the matching loop normalises every bank line's name, so this form allocates nothing.</summary>
    public static int Normalize(ReadOnlySpan<char> name, Span<char> buffer)
    {
        if (name.IsWhiteSpace()) return 0;
        if (!Ascii.IsValid(name))
        {
            for (var i = 0; i < name.Length; i++)
            {
                var c = name[i];
                buffer[i] = c is >= FirstLatin and <= LastLatin ? LatinBase[c - FirstLatin] : c;
            }
            name = buffer[..name.Length];
        }
        return Tokenize(name, buffer);
    }

    /// <summary>False when the name has characters other than ASCII and the letters of Latin-1 and Latin Extended-A: those are
    /// decomposed through ICU, which can lengthen the name ("ß" to "ss"), so only <see cref="Normalize(string?)"/> handles them.</summary>
    public static bool NormalizedFits(ReadOnlySpan<char> name, Span<char> buffer) =>
        buffer.Length >= name.Length && name.IndexOfAnyExceptInRange('\0', LastLatin) < 0 && name.IndexOfAnyInRange('\u0080', '\u00BF') < 0;

    private static string NormalizeFolded(string text)
    {
        Span<char> buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        return new string(buffer[..Tokenize(text, buffer)]);
    }

    /// <summary>Words (letters and digits) lower case, legal forms dropped, joined by single spaces, umlaut spellings folded.
    /// <paramref name="text"/> may be <paramref name="result"/> itself: words are only ever written at or before where they are read.</summary>
    private static int Tokenize(ReadOnlySpan<char> text, Span<char> result)
    {
        var length = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && char.IsLetterOrDigit(text[i])) continue;
            if (i > start)
            {
                var at = length == 0 ? 0 : length + 1;
                var word = result.Slice(at, i - start);
                var source = text.Slice(start, i - start);
                // MemoryExtensions.ToLowerInvariant refuses overlapping buffers; the folded Latin text is only letters of the BMP.
                if (source.Overlaps(result)) for (var k = 0; k < word.Length; k++) word[k] = char.ToLowerInvariant(source[k]);
                else source.ToLowerInvariant(word);
                if (!LegalFormLookup.Contains(word))
                {
                    if (length > 0) result[length] = ' ';
                    length = at + word.Length;
                }
            }
            start = i + 1;
        }
        return FoldUmlautSpellings(result[..length]).Length;
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

    private static string StripAccents(string name)
    {
        var decomposed = name.Replace("ß", "ss", StringComparison.Ordinal).Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) kept.Append(c);
        return kept.ToString();
    }

    /// <summary>Sorted distinct trigram codes of " name ", the padding giving word starts and ends their own trigrams.</summary>
    public static int[] Trigrams(string normalized)
    {
        var codes = new int[normalized.Length];
        return codes[..Trigrams(normalized, codes)];
    }

    /// <summary>Writes the trigram codes into <paramref name="codes"/> (as long as the name), sorted and distinct; returns their count.</summary>
    public static int Trigrams(ReadOnlySpan<char> normalized, Span<int> codes)
    {
        for (var i = 0; i < normalized.Length; i++)
        {
            var a = i == 0 ? ' ' : normalized[i - 1];
            var c = i + 1 < normalized.Length ? normalized[i + 1] : ' ';
            codes[i] = (a & 0x3FF) << 20 | (normalized[i] & 0x3FF) << 10 | (c & 0x3FF);
        }
        codes = codes[..normalized.Length];
        codes.Sort();
        var n = 0;
        for (var i = 0; i < codes.Length; i++)
            if (n == 0 || codes[i] != codes[n - 1]) codes[n++] = codes[i];
        return n;
    }

    /// <summary>Jaccard similarity of two sorted trigram sets, 0 when either is empty.</summary>
    public static double Similarity(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
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
        Span<char> buffer = iban.Length <= 128 ? stackalloc char[iban.Length] : new char[iban.Length];
        var n = Iban(iban, buffer);
        return buffer[..n].SequenceEqual(iban) ? iban : new string(buffer[..n]);
    }

    /// <summary>True when <see cref="Iban(ReadOnlySpan{char}, Span{char})"/> would return the IBAN unchanged (the usual case).</summary>
    public static bool IsNormalIban(ReadOnlySpan<char> iban) => iban.IndexOfAnyExcept(NormalIbanCharacters) < 0;

    private static readonly System.Buffers.SearchValues<char> NormalIbanCharacters =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");

    /// <summary>Writes the IBAN without white space, upper case, into <paramref name="buffer"/> (as long); returns its length.</summary>
    public static int Iban(ReadOnlySpan<char> iban, Span<char> buffer)
    {
        var n = 0;
        foreach (var c in iban)
            if (!char.IsWhiteSpace(c)) buffer[n++] = char.ToUpperInvariant(c);
        return n;
    }

    /// <summary>The characters <see cref="Number(ReadOnlySpan{char}, Span{char})"/> keeps.</summary>
    public static readonly System.Buffers.SearchValues<char> NumberCharacters =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

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
