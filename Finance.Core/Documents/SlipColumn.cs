using SkiaSharp;

namespace Finance.Core.Documents;

/// <summary>A column of heading/value blocks written top-down, as the receipt and the payment part
/// information sections are laid out (SIX IG QR-bill 2.3, "Information section").</summary>
internal sealed class SlipColumn(SKCanvas canvas, FontSet fonts, float x, float top, float width, float headingSize, float valueSize, float lineHeight)
    : IDisposable
{
    private readonly SKFont _heading = fonts.Font(bold: true, headingSize);
    private readonly SKFont _value = fonts.Font(bold: false, valueSize);
    private readonly SKPaint _ink = Pdf.Fill(SKColors.Black);

    public float Y { get; private set; } = top;
    public float X => x;
    public SKCanvas Canvas => canvas;

    public void Heading(string text)
    {
        canvas.DrawText(text, x, Y + headingSize * 0.85f, SKTextAlign.Left, _heading, _ink);
        Y += lineHeight;
    }

    public void Value(string text)
    {
        foreach (var line in TextLayout.Wrap(text, _value, width))
        {
            canvas.DrawText(line, x, Y + valueSize * 0.85f, SKTextAlign.Left, _value, _ink);
            Y += lineHeight;
        }
    }

    /// <summary>A blank line between blocks.</summary>
    public void Gap(float factor = 1) => Y += lineHeight * factor;

    public void Dispose()
    {
        _heading.Dispose();
        _value.Dispose();
        _ink.Dispose();
    }
}
