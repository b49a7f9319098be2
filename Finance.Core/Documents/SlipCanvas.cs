using SkiaSharp;
using static Finance.Core.Documents.Pdf;

namespace Finance.Core.Documents;

/// <summary>Draws the slip's texts and blank fields in coordinates from the slip's top left corner and records
/// the box of each as drawn, so that tests check the layout against the sections from what was actually put
/// on the page rather than from a second computation of it.</summary>
internal sealed class SlipCanvas(SKCanvas canvas, float top) : IDisposable
{
    private readonly List<SlipBox> _boxes = [];
    private readonly SKPaint _ink = Fill(SKColors.Black);

    public SKCanvas Canvas => canvas;
    public float Top => top;
    public IReadOnlyList<SlipBox> Boxes => _boxes;

    public void Text(SlipSection section, string text, float x, float baseline, SKFont font, SKTextAlign align = SKTextAlign.Left) =>
        Draw(section, Place(text, x, baseline, font, align));

    /// <summary>Draws a text placed beforehand, by a layout that checked its box against the section.</summary>
    public void Draw(SlipSection section, PlacedText text)
    {
        canvas.DrawText(text.Text, text.X, top + text.Baseline, text.Align, text.Font, _ink);
        _boxes.Add(new(section, text.Box, text.Text));
    }

    /// <summary>A text at (<paramref name="x"/>, <paramref name="baseline"/>) with the box it covers: its advance and
    /// the font's ascent and descent, widened to the ink of its glyphs where that reaches further (a 'j' left of
    /// its origin, a 'Ģ' below the descent). The ink is the outline's exact bounds: MeasureText's bounds are
    /// rounded out to whole points per glyph.</summary>
    public static PlacedText Place(string text, float x, float baseline, SKFont font, SKTextAlign align = SKTextAlign.Left)
    {
        var advance = font.MeasureText(text);
        using var outline = font.GetTextPath(text, SKPoint.Empty);
        var ink = outline.TightBounds;
        var left = align switch { SKTextAlign.Right => x - advance, SKTextAlign.Center => x - advance / 2, _ => x };
        var metrics = font.Metrics;
        return new(text, x, baseline, font, align, new SKRect(
            left + Math.Min(0, ink.Left), baseline + Math.Min(metrics.Ascent, ink.Top),
            left + Math.Max(advance, ink.Right), baseline + Math.Max(metrics.Descent, ink.Bottom)));
    }

    /// <summary>Corner marks around a field left for the payer to fill in (IG 2.3, "Fields without content").</summary>
    public void BlankField(SlipSection section, SKRect field)
    {
        var onPage = field;
        onPage.Offset(0, top);
        QrBillMarks.CornerMarks(canvas, onPage);
        _boxes.Add(new(section, field, null));
    }

    public void Dispose() => _ink.Dispose();
}

/// <summary>A text to draw and the box it covers, in points from the slip's top left corner.</summary>
internal sealed record PlacedText(string Text, float X, float Baseline, SKFont Font, SKTextAlign Align, SKRect Box);
