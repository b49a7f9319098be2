using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Finance.Core.Reading;

/// <summary>
/// Finds the QR code on a page in-process with ZXing.Net (DESIGN.md §6). The payload of a QR-bill is UTF-8 (SIX IG QR-bill
/// 2.3, "Character set"): the decoder is told so, or accents could come back as Latin-1.
/// <para>
/// Most pages hold no QR code, and a full-resolution search of a 300 dpi page cost about 0.8 s of CPU beside Tesseract.
/// So a page is first searched once at about 150 dpi: a larger scan is reduced by averaging blocks of pixels, a smaller
/// one goes through a median filter; both take away the speckle that made ZXing miss 8 of the bench's 20 QR-bills
/// scanned at 150 dpi (zxing-cpp missed 2). Only a page where that pass saw a finder pattern but decoded nothing, or a
/// page known to carry a slip, is searched again at full resolution, as it came and then despeckled. At 150 dpi the smallest module a QR-bill may have
/// (46 mm for version 25's 117 modules, IG 2.3 §5.1) is still 2.3 pixels wide.
/// </para>
/// </summary>
public static class QrCodeScanner
{
    // The shorter side of an A4 page at about 150 dpi: the size the first pass works at.
    private const int ReducedShortSide = 1240;

    private static readonly Dictionary<DecodeHintType, object> Hints = new()
    {
        [DecodeHintType.TRY_HARDER] = true,
        [DecodeHintType.CHARACTER_SET] = "UTF-8",
        [DecodeHintType.POSSIBLE_FORMATS] = new List<BarcodeFormat> { BarcodeFormat.QR_CODE },
    };

    /// <summary>Decodes a PNG or JPEG page; see <see cref="Decode(GreyImage, bool)"/>.</summary>
    public static IReadOnlyList<string> Decode(ReadOnlySpan<byte> encodedImage, bool slipSeen = false) =>
        GreyImage.Decode(encodedImage) is { } page ? Decode(page, slipSeen) : [];

    /// <summary>The QR code's text, or nothing. <paramref name="slipSeen"/>: the page's words name a QR-bill slip, so it
    /// is decoded even where the reduced page shows no finder pattern.</summary>
    public static IReadOnlyList<string> Decode(GreyImage page, bool slipSeen = false)
    {
        var factor = Math.Max(1, Math.Min(page.Width, page.Height) / ReducedShortSide);
        var reduced = factor > 1 ? page.Reduced(factor) : page.Despeckled();
        // ZXing reports each finder-pattern candidate it confirms to this callback. A page of text shows none (one page in
        // 112 of the bench's scans showed one), a QR code that did not decode at the reduced size shows some.
        var candidates = 0;
        var hints = new Dictionary<DecodeHintType, object>(Hints) { [DecodeHintType.NEED_RESULT_POINT_CALLBACK] = new ResultPointCallback(_ => candidates++) };
        if (new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(Source(reduced, 0))), hints) is { } quick) return [quick.Text];
        if (!slipSeen && candidates == 0) return [];
        // At full resolution as it came, then despeckled (the noise that hides finder patterns from ZXing).
        return Thorough(page) is [_] found ? found : Thorough(factor > 1 ? page.Despeckled() : reduced);
    }

    // The slip sits at the foot of its page (IG 2.3 §3.4), so the bottom 40 % is searched first, then the whole page.
    private static IReadOnlyList<string> Thorough(GreyImage page)
    {
        var reader = new QRCodeReader();
        var found = reader.decode(new BinaryBitmap(new HybridBinarizer(Source(page, page.Height * 6 / 10))), Hints)
            ?? reader.decode(new BinaryBitmap(new HybridBinarizer(Source(page, 0))), Hints);
        return found is null ? [] : [found.Text];
    }

    // A grey plane is the Y plane of a YUV image: ZXing reads the rows from top on in place, without a copy.
    private static PlanarYUVLuminanceSource Source(GreyImage page, int top) =>
        new(page.Pixels, page.Width, page.Height, 0, top, page.Width, page.Height - top, false);
}
