namespace Finance.Core.Reconciliation.Engine;

/// <summary>Compares strings by their normalised form without building it, and looks them up by an already normalised span:
/// the indexes key on the items' own invoice numbers and references, so a run does not keep a normalised copy of each
/// (at 1M items those copies were a million long-lived strings for the collector to promote).</summary>
internal sealed class NormalizedKeys : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<char>, string>
{
    /// <summary>As <see cref="Names.Number(ReadOnlySpan{char}, Span{char})"/>: ASCII letters and digits, upper case.</summary>
    public static readonly NormalizedKeys Numbers = new(number: true);

    /// <summary>As <see cref="ReferenceScanner.Normalize(string?, Span{char})"/>: white space dropped, upper case.</summary>
    public static readonly NormalizedKeys References = new(number: false);

    private readonly bool _number;

    private NormalizedKeys(bool number) => _number = number;

    public bool Equals(string? x, string? y) => x is null || y is null ? ReferenceEquals(x, y) : Same(x, y);

    public int GetHashCode(string obj) => Hash(obj);

    public bool Equals(ReadOnlySpan<char> alternate, string other) => Same(alternate, other);

    public int GetHashCode(ReadOnlySpan<char> alternate) => Hash(alternate);

    public string Create(ReadOnlySpan<char> alternate) => new(alternate);

    private bool Same(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        int i = 0, j = 0;
        while (true)
        {
            var a = Next(x, ref i);
            var b = Next(y, ref j);
            if (a != b) return false;
            if (a < 0) return true;
        }
    }

    private int Hash(ReadOnlySpan<char> text)
    {
        var hash = new HashCode();
        var i = 0;
        for (var c = Next(text, ref i); c >= 0; c = Next(text, ref i)) hash.Add((char)c);
        return hash.ToHashCode();
    }

    /// <summary>The next character of the normalised form from position <paramref name="i"/> on, or -1 at the end.</summary>
    private int Next(ReadOnlySpan<char> text, ref int i)
    {
        while (i < text.Length)
        {
            var c = text[i++];
            if (_number ? char.IsAsciiLetterOrDigit(c) : !char.IsWhiteSpace(c)) return char.ToUpperInvariant(c);
        }
        return -1;
    }
}
