using SkiaSharp;

namespace Finance.Core.Documents;

/// <summary>A heading with its values, or with a blank field for the payer to fill in (SIX IG QR-bill 2.3 §3.5,
/// "Information section"). <see cref="MayShorten"/> marks the block the guidelines allow to shorten;
/// <see cref="MaxLines"/> caps each value's wrapped lines, the last one kept ending in "…".</summary>
internal sealed record SlipBlock(string Heading, IReadOnlyList<string> Values, SKSize Blank = default, bool MayShorten = false)
{
    public int MaxLines { get; init; } = int.MaxValue;
}

/// <summary>Heading and value sizes in points. Lines are one point more than the value size apart: 9 pt on the
/// receipt and 11 pt on the payment part at the recommended sizes, as the slip has always been set. Blocks are
/// <paramref name="Gap"/> lines apart.</summary>
internal readonly record struct SlipStyle(float HeadingSize, float ValueSize, float Gap = 0.5f)
{
    public float LineHeight => ValueSize + 1;
}

/// <summary>Blocks laid out top-down in one section, wrapped once for both the fit check and the drawing.</summary>
internal sealed class SlipColumn : IDisposable
{
    private readonly SKRect _area;
    private readonly SKFont _heading, _value;
    private readonly List<PlacedText> _lines = [];
    private readonly List<SKRect> _blanks = [];
    private SKRect _extent;

    public SlipColumn(FontSet fonts, SKRect area, SlipStyle style, IEnumerable<SlipBlock> blocks)
    {
        (_area, Style, _extent) = (area, style, new SKRect(area.Left, area.Top, area.Left, area.Top));
        _heading = fonts.Font(bold: true, style.HeadingSize);
        _value = fonts.Font(bold: false, style.ValueSize);
        var y = area.Top;
        foreach (var block in blocks)
        {
            y = Line(block.Heading, _heading, y);
            foreach (var value in block.Values)
                foreach (var line in TextLayout.Wrap(value, _value, area.Width, block.MaxLines))
                    y = Line(line, _value, y);
            if (!block.Blank.IsEmpty)
            {
                var blank = SKRect.Create(area.Left, y, block.Blank.Width, block.Blank.Height);
                _blanks.Add(blank);
                _extent.Union(blank);
                y = blank.Bottom;
            }
            y += style.LineHeight * style.Gap;
        }
    }

    public SlipStyle Style { get; }

    /// <summary>Whether every line and blank field lies inside the section.</summary>
    public bool Fits => _area.Contains(_extent);

    public void Draw(SlipCanvas slip, SlipSection section)
    {
        foreach (var line in _lines) slip.Draw(section, line);
        foreach (var blank in _blanks) slip.BlankField(section, blank);
    }

    // The line's box starts at y: its baseline sits the font's ascent below.
    private float Line(string text, SKFont font, float y)
    {
        var line = SlipCanvas.Place(text, _area.Left, y - font.Metrics.Ascent, font);
        _lines.Add(line);
        _extent.Union(line.Box);
        return y + Style.LineHeight;
    }

    public void Dispose()
    {
        _heading.Dispose();
        _value.Dispose();
    }
}
