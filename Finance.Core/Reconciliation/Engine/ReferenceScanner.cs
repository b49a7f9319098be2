using Finance.Core.Invoicing.QrBill;

namespace Finance.Core.Reconciliation.Engine;

/// <summary>QR and creditor references, from the structured field or from free remittance text ("RF18 5390 0754 7034",
/// "21 00000 00003 13947 14300 09017"). Only references whose check digits hold are returned (SIX IG QR-bill 2.3 §3.5,
/// ISO 11649), so a mistyped reference falls through to scoring instead of naming a wrong invoice.</summary>
internal static class ReferenceScanner
{
    /// <summary>The normalised form the index keys on: QRR digits, or SCOR upper case, both without spaces; null when invalid.</summary>
    public static string? Normalize(string? reference)
    {
        Span<char> buffer = stackalloc char[64];
        var n = Normalize(reference, buffer);
        return n > 0 ? new string(buffer[..n]) : null;
    }

    /// <summary>Writes the normalised reference into <paramref name="buffer"/>; returns its length, 0 when invalid.
    /// Same checks as <see cref="QrReference.IsValid"/> and <see cref="CreditorReference.IsValid"/>, without allocating:
    /// it runs once per bank line and once per open item.</summary>
    public static int Normalize(string? reference, Span<char> buffer)
    {
        if (string.IsNullOrEmpty(reference)) return 0;
        var n = 0;
        foreach (var c in reference)
        {
            if (char.IsWhiteSpace(c)) continue;
            if (n == buffer.Length) return 0;
            buffer[n++] = char.ToUpperInvariant(c);
        }
        var s = buffer[..n];
        if (n == QrReference.Length && s.IndexOfAnyExceptInRange('0', '9') < 0)
            return s.IndexOfAnyExcept('0') >= 0 && QrReference.CheckDigit(s[..^1]) == s[^1] - '0' ? n : 0;
        return n is >= 5 and <= CreditorReference.MaxLength && s.StartsWith("RF") && char.IsAsciiDigit(s[2]) && char.IsAsciiDigit(s[3])
            && s[4..].IndexOfAnyExcept(AlphaNumeric) < 0 && Mod97.HasValidCheckDigits(s) ? n : 0;
    }

    private static readonly System.Buffers.SearchValues<char> AlphaNumeric =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");

    /// <summary>Adds every valid reference in <paramref name="text"/> to <paramref name="found"/>, longest SCOR first.</summary>
    public static void FindInText(string? text, List<string> found)
    {
        if (string.IsNullOrEmpty(text)) return;
        Span<char> compact = text.Length <= 512 ? stackalloc char[text.Length] : new char[text.Length];
        var ranges = new List<Range>();
        FindInText(text, compact, ranges);
        foreach (var range in ranges) found.Add(new string(compact[range]));
    }

    /// <summary>Writes <paramref name="text"/> without white space, upper case, into <paramref name="compact"/> (at least as long)
    /// and adds where in it every valid reference is to <paramref name="found"/>, longest SCOR first; allocates nothing.</summary>
    public static void FindInText(ReadOnlySpan<char> text, Span<char> compact, List<Range> found)
    {
        var n = 0;
        foreach (var c in text)
            if (!char.IsWhiteSpace(c)) compact[n++] = char.ToUpperInvariant(c);
        var s = compact[..n];
        FindQrr(s, found);
        FindScor(s, found);
    }

    private static void FindQrr(ReadOnlySpan<char> s, List<Range> found)
    {
        var i = 0;
        while (i < s.Length)
        {
            if (!char.IsAsciiDigit(s[i])) { i++; continue; }
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            // Whitespace was removed, so neighbouring numbers join the run: try each 27-digit window of it.
            for (var w = start; w + QrReference.Length <= i; w++)
            {
                var window = s.Slice(w, QrReference.Length);
                if (window.IndexOfAnyExcept('0') >= 0 && QrReference.CheckDigit(window[..^1]) == window[^1] - '0')
                    found.Add(new Range(w, w + QrReference.Length));
            }
        }
    }

    private static void FindScor(ReadOnlySpan<char> s, List<Range> found)
    {
        for (var at = s.IndexOf("RF", StringComparison.Ordinal); at >= 0;)
        {
            var rest = s[at..];
            if (rest.Length >= 5 && char.IsAsciiDigit(rest[2]) && char.IsAsciiDigit(rest[3]))
            {
                var end = 4;
                while (end < rest.Length && end < CreditorReference.MaxLength && char.IsAsciiLetterOrDigit(rest[end])) end++;
                // The text after the reference may have joined it (spaces removed): longest valid candidate first.
                for (var length = end; length >= 5; length--)
                    if (Mod97.HasValidCheckDigits(rest[..length])) found.Add(new Range(at, at + length));
            }
            var next = s[(at + 2)..].IndexOf("RF", StringComparison.Ordinal);
            at = next < 0 ? -1 : at + 2 + next;
        }
    }
}
