using SkiaSharp;

namespace Finance.Core.Documents;

/// <summary>A column of heading/value blocks written top-down, as the receipt and the payment part
/// information sections are laid out (SIX IG QR-bill 2.3, "Information section").</summary>
internal sealed class SlipColumn(SlipCanvas slip, SlipSection section, FontSet fonts, float x, float top, float width, float headingSize, float valueSize, float lineHeight)
    : IDisposable
{
    private readonly SKFont _heading = fonts.Font(bold: true, headingSize);
    private readonly SKFont _value = fonts.Font(bold: false, valueSize);

    public float Y { get; private set; } = top;
    public float X => x;

    public void Heading(string text)
    {
        slip.Text(section, text, x, Y + headingSize * 0.85f, _heading);
        Y += lineHeight;
    }

    public void Value(string text)
    {
        foreach (var line in TextLayout.Wrap(text, _value, width))
        {
            slip.Text(section, line, x, Y + valueSize * 0.85f, _value);
            Y += lineHeight;
        }
    }

    public void Blank(SKSize size) => slip.BlankField(section, SKRect.Create(x, Y, size.Width, size.Height));

    /// <summary>A blank line between blocks.</summary>
    public void Gap(float factor = 1) => Y += lineHeight * factor;

    public void Dispose()
    {
        _heading.Dispose();
        _value.Dispose();
    }
}
