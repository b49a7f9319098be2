using SkiaSharp;

namespace Finance.Core.Documents;

/// <summary>Page geometry and paints shared by the renderers. Skia's PDF canvas works in points.</summary>
internal static class Pdf
{
    public const float PointsPerMm = 72f / 25.4f;
    public static readonly float A4Width = Mm(210);
    public static readonly float A4Height = Mm(297);

    public static float Mm(float mm) => mm * PointsPerMm;

    public static SKPaint Fill(SKColor color) => new() { Color = color, Style = SKPaintStyle.Fill, IsAntialias = true };

    public static SKPaint Stroke(float widthPt, SKColor color) =>
        new() { Color = color, Style = SKPaintStyle.Stroke, StrokeWidth = widthPt, IsAntialias = true };

    /// <summary>A PDF document writing to <paramref name="output"/>; the caller adds pages and closes it.</summary>
    public static SKDocument Create(Stream output, string title) =>
        SKDocument.CreatePdf(output, new SKDocumentPdfMetadata { Title = title, Creator = "Finance", Producer = "Finance" });
}
