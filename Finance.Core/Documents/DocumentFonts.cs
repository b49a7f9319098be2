using System.Collections.Concurrent;
using SkiaSharp;

namespace Finance.Core.Documents;

/// <summary>The embedded FinanceSans typefaces (trimmed Liberation Sans, Fonts/make-fonts.sh).</summary>
/// <remarks>Loaded from the assembly, never by family name: with the NoDependencies native assets
/// <c>SKTypeface.FromFamilyName</c> yields an empty font (DESIGN.md §6). SIX IG QR-bill 2.3 permits
/// Liberation Sans. Each document gets a <see cref="FontSet"/> holding only the glyphs its text needs.</remarks>
internal static class DocumentFonts
{
    private static readonly Lazy<byte[]> RegularBytes = new(() => Load("FinanceSans-Regular.ttf"));
    private static readonly Lazy<byte[]> BoldBytes = new(() => Load("FinanceSans-Bold.ttf"));
    private static readonly Lazy<SKTypeface> FullRegular = new(() => FromBytes(RegularBytes.Value));
    private static readonly Lazy<SKTypeface> FullBold = new(() => FromBytes(BoldBytes.Value));

    // Documents from one template share their character set, so subsets repeat; a bounded cache
    // saves the subsetting. Typefaces are immutable and thread-safe.
    private static readonly ConcurrentDictionary<string, FontSet> Cache = new(StringComparer.Ordinal);
    private const int CacheLimit = 256;

    /// <summary>A font pair covering printable ASCII plus every character of <paramref name="texts"/>.</summary>
    public static FontSet For(IEnumerable<string?> texts)
    {
        var chars = new SortedSet<char>(Enumerable.Range(0x20, 0x5F).Select(c => (char)c));
        foreach (var text in texts)
            if (text is not null) chars.UnionWith(text);
        var key = new string([.. chars]);
        if (Cache.TryGetValue(key, out var hit)) return hit;
        var set = new FontSet(Subset(FullRegular.Value, RegularBytes.Value, key), Subset(FullBold.Value, BoldBytes.Value, key));
        if (Cache.Count >= CacheLimit) Cache.Clear();
        return Cache.GetOrAdd(key, set);
    }

    private static SKTypeface Subset(SKTypeface full, byte[] bytes, string chars)
    {
        using var font = new SKFont(full);
        return FromBytes(FontSubsetter.Subset(bytes, font.GetGlyphs(chars)));
    }

    // From a copy Skia owns: the typeface reads its data lazily, long after this call.
    private static SKTypeface FromBytes(byte[] bytes) =>
        SKTypeface.FromData(SKData.CreateCopy(bytes)) ?? throw new InvalidOperationException("A FinanceSans font could not be read.");

    private static byte[] Load(string file)
    {
        using var stream = typeof(DocumentFonts).Assembly.GetManifestResourceStream("Finance.Fonts." + file)
            ?? throw new InvalidOperationException($"Embedded font {file} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

/// <summary>Regular and bold typefaces for one document.</summary>
internal sealed class FontSet(SKTypeface regularFace, SKTypeface boldFace)
{
    // Linear metrics, no hinting: glyph positions in the PDF then match the advances pdftotext
    // reads, so words are not split by stray spaces.
    public SKFont Font(bool bold, float sizePt) =>
        new(bold ? boldFace : regularFace, sizePt) { Subpixel = true, LinearMetrics = true, Hinting = SKFontHinting.None, Edging = SKFontEdging.Antialias };
}
