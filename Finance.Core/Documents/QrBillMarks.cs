using SkiaSharp;
using static Finance.Core.Documents.Pdf;

namespace Finance.Core.Documents;

/// <summary>The graphic elements of the payment part: Swiss cross, scissors, corner marks.</summary>
internal static class QrBillMarks
{
    /// <summary>The 7 × 7 mm Swiss cross in the middle of the QR code (SIX IG QR-bill 2.3, "Swiss cross"):
    /// a white margin, a black square and a white cross whose arms are 1/6 longer than wide.</summary>
    public static void SwissCross(SKCanvas canvas, float centerX, float centerY)
    {
        using var white = Fill(SKColors.White);
        using var black = Fill(SKColors.Black);
        float half = Mm(3.5f), inner = Mm(3.2f), arm = Mm(0.65f), length = Mm(2.0f);
        canvas.DrawRect(SKRect.Create(centerX - half, centerY - half, 2 * half, 2 * half), white);
        canvas.DrawRect(SKRect.Create(centerX - inner, centerY - inner, 2 * inner, 2 * inner), black);
        canvas.DrawRect(SKRect.Create(centerX - arm, centerY - length, 2 * arm, 2 * length), white);
        canvas.DrawRect(SKRect.Create(centerX - length, centerY - arm, 2 * length, 2 * arm), white);
    }

    /// <summary>A small scissors symbol centred on (x, y), blades along <paramref name="angle"/> degrees,
    /// drawn as vectors because the trimmed font has no ✂ glyph.</summary>
    public static void Scissors(SKCanvas canvas, float x, float y, float angle)
    {
        using var paint = Stroke(0.6f, SKColors.Black);
        using var white = Fill(SKColors.White);
        canvas.Save();
        canvas.Translate(x, y);
        canvas.RotateDegrees(angle);
        canvas.DrawRect(SKRect.Create(-Mm(2.2f), -Mm(1.4f), Mm(4.4f), Mm(2.8f)), white);
        canvas.DrawCircle(-Mm(1.3f), -Mm(0.8f), Mm(0.6f), paint);
        canvas.DrawCircle(-Mm(1.3f), Mm(0.8f), Mm(0.6f), paint);
        canvas.DrawLine(-Mm(0.8f), -Mm(0.5f), Mm(2.0f), Mm(0.6f), paint);
        canvas.DrawLine(-Mm(0.8f), Mm(0.5f), Mm(2.0f), -Mm(0.6f), paint);
        canvas.Restore();
    }

    /// <summary>Corner marks of an empty field (blank amount or payer), 0.75 pt lines 3 mm long
    /// (SIX IG QR-bill 2.3, "Fields without content"), drawn half a line inside <paramref name="field"/> so that
    /// the ink stays within the field's size.</summary>
    public static void CornerMarks(SKCanvas canvas, SKRect field)
    {
        const float width = 0.75f;
        using var paint = Stroke(width, SKColors.Black);
        var r = SKRect.Inflate(field, -width / 2, -width / 2);
        var l = Mm(3);
        canvas.DrawLine(r.Left, r.Top, r.Left + l, r.Top, paint);
        canvas.DrawLine(r.Left, r.Top, r.Left, r.Top + l, paint);
        canvas.DrawLine(r.Right, r.Top, r.Right - l, r.Top, paint);
        canvas.DrawLine(r.Right, r.Top, r.Right, r.Top + l, paint);
        canvas.DrawLine(r.Left, r.Bottom, r.Left + l, r.Bottom, paint);
        canvas.DrawLine(r.Left, r.Bottom, r.Left, r.Bottom - l, paint);
        canvas.DrawLine(r.Right, r.Bottom, r.Right - l, r.Bottom, paint);
        canvas.DrawLine(r.Right, r.Bottom, r.Right, r.Bottom - l, paint);
    }
}
