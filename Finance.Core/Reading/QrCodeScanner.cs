using SkiaSharp;
using ZXing;
using ZXing.Common;

namespace Finance.Core.Reading;

/// <summary>
/// Finds the QR code on a page in-process with ZXing.Net (DESIGN.md §6). The payload of a QR-bill is UTF-8 (SIX IG QR-bill
/// 2.3, "Character set"): the decoder is told so, or accents could come back as Latin-1. The slip sits at the foot of
/// its page (IG 2.3 §3.4), so the bottom 40 % is searched first: a fifth of the work when the bill is where it belongs.
/// </summary>
public static class QrCodeScanner
{
    public static IReadOnlyList<string> Decode(ReadOnlySpan<byte> encodedImage)
    {
        using var data = SKData.CreateCopy(encodedImage);
        using var codec = SKCodec.Create(data);
        if (codec is null) return [];
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        return result is SKCodecResult.Success or SKCodecResult.IncompleteInput ? Decode(bitmap) : [];
    }

    public static IReadOnlyList<string> Decode(SKBitmap image)
    {
        var (width, height) = (image.Width, image.Height);
        var grey = Luminance(image);
        var reader = new BarcodeReaderGeneric
        {
            AutoRotate = false,
            Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true, CharacterSet = "UTF-8" },
        };
        var top = height * 6 / 10;
        var foot = new RGBLuminanceSource(grey[(top * width)..], width, height - top, RGBLuminanceSource.BitmapFormat.Gray8);
        var found = reader.Decode(foot) ?? reader.Decode(new RGBLuminanceSource(grey, width, height, RGBLuminanceSource.BitmapFormat.Gray8));
        return found is null ? [] : [found.Text];
    }

    // ITU-R BT.601 luma from any Skia colour type, row padding dropped.
    private static byte[] Luminance(SKBitmap image)
    {
        using var rgba = image.ColorType == SKColorType.Rgba8888 ? null : image.Copy(SKColorType.Rgba8888);
        var source = (rgba ?? image).GetPixelSpan();
        var rowBytes = (rgba ?? image).RowBytes;
        var grey = new byte[image.Width * image.Height];
        for (var y = 0; y < image.Height; y++)
        {
            var row = source.Slice(y * rowBytes, image.Width * 4);
            for (var x = 0; x < image.Width; x++)
                grey[y * image.Width + x] = (byte)((row[4 * x] * 299 + row[4 * x + 1] * 587 + row[4 * x + 2] * 114) / 1000);
        }
        return grey;
    }
}
