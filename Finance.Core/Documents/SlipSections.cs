using SkiaSharp;
using static Finance.Core.Documents.Pdf;

namespace Finance.Core.Documents;

/// <summary>The sections of the payment slip (SIX IG QR-bill 2.3 §3.5, "Sections of the payment part" and
/// "Receipt"): receipt = title, information, amount, acceptance point; payment part = title, Swiss QR Code,
/// amount, information (right column), further information (bottom).</summary>
internal enum SlipSection
{
    ReceiptTitle, ReceiptInformation, ReceiptAmount, ReceiptAcceptancePoint,
    PaymentTitle, PaymentQrCode, PaymentAmount, PaymentInformation, PaymentFurtherInformation,
}

/// <summary>What the renderer drew and where: a line of text, or a blank field's corner marks (Text null).
/// The box is in points from the slip's top left corner and covers the font's ascent and descent as well as
/// the ink of the glyphs.</summary>
internal sealed record SlipBox(SlipSection Section, SKRect Box, string? Text);

/// <summary>Section rectangles in points from the slip's top left corner. The slip is 210 × 105 mm with 5 mm
/// margins: the receipt's sections stack in a 52 mm column; the payment part's title, QR code and amount
/// sections stack in a 51 mm column right of the 62 mm line, beside the 87 × 85 mm information section, and
/// the further information section spans the bottom 10 mm above the margin (IG 2.3 §3.5).</summary>
internal static class SlipSections
{
    public static readonly float ReceiptWidth = Mm(62);

    /// <summary>The 46 × 46 mm Swiss QR Code, 5 mm inside its section (IG 2.3 §3.5, "Swiss QR Code section").</summary>
    public static readonly SKRect QrCode = Rect(67, 17, 46, 46);

    public static SKRect Of(SlipSection section) => section switch
    {
        SlipSection.ReceiptTitle => Rect(5, 5, 52, 7),
        SlipSection.ReceiptInformation => Rect(5, 12, 52, 56),
        SlipSection.ReceiptAmount => Rect(5, 68, 52, 14),
        SlipSection.ReceiptAcceptancePoint => Rect(5, 82, 52, 18),
        SlipSection.PaymentTitle => Rect(67, 5, 51, 7),
        SlipSection.PaymentQrCode => Rect(67, 12, 51, 56),
        SlipSection.PaymentAmount => Rect(67, 68, 51, 22),
        SlipSection.PaymentInformation => Rect(118, 5, 87, 85),
        SlipSection.PaymentFurtherInformation => Rect(67, 90, 138, 10),
        _ => throw new ArgumentOutOfRangeException(nameof(section)),
    };

    private static SKRect Rect(float x, float y, float width, float height) => SKRect.Create(Mm(x), Mm(y), Mm(width), Mm(height));
}
