using SkiaSharp;

namespace Finance.Core.Documents;

/// <summary>The embedded FinanceSans typefaces (trimmed Liberation Sans, Fonts/make-fonts.sh), loaded once.</summary>
/// <remarks>Loaded from the assembly, never by family name: with the NoDependencies native assets
/// <c>SKTypeface.FromFamilyName</c> yields an empty font (DESIGN.md §6). SIX IG QR-bill 2.3 §3.4 permits
/// Liberation Sans. Typefaces are immutable and thread-safe, so one instance serves every document.</remarks>
public static class DocumentFonts
{
    private static readonly Lazy<SKTypeface> LazyRegular = new(() => Load("FinanceSans-Regular.ttf"));
    private static readonly Lazy<SKTypeface> LazyBold = new(() => Load("FinanceSans-Bold.ttf"));

    public static SKTypeface Regular => LazyRegular.Value;
    public static SKTypeface Bold => LazyBold.Value;

    public static SKFont Font(bool bold, float sizePt) =>
        new(bold ? Bold : Regular, sizePt) { Subpixel = true, LinearMetrics = true, Hinting = SKFontHinting.None, Edging = SKFontEdging.Antialias };

    private static SKTypeface Load(string file)
    {
        using var stream = typeof(DocumentFonts).Assembly.GetManifestResourceStream("Finance.Fonts." + file)
            ?? throw new InvalidOperationException($"Embedded font {file} is missing.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"Font {file} could not be read.");
    }
}
