using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;
using SkiaSharp;

namespace Finance.Core.Reading;

/// <summary>
/// The pages of a TIFF as bitmaps, decoded in-process with LibTiff.NET (Skia has no TIFF codec): what lets the QR-bill
/// search look at every page of a multi-page scan, the slip being often the last sheet. One page is held at a time;
/// <see cref="ImageChecks"/> has already bounded the page count and dimensions.
/// </summary>
public static class TiffPages
{
    static TiffPages() => Tiff.SetErrorHandler(new Quiet());

    /// <summary>Each page in order, top-left oriented, RGBA; the caller disposes each bitmap. A page LibTiff cannot
    /// decode is skipped (null is never yielded), so the remaining pages are still searched.</summary>
    public static IEnumerable<SKBitmap> Decode(ReadOnlyMemory<byte> content)
    {
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        using var tiff = Tiff.ClientOpen("upload.tif", "r", stream, new TiffStream());
        if (tiff is null) yield break;
        var pages = tiff.NumberOfDirectories();
        for (short page = 0; page < pages; page++)
        {
            if (!tiff.SetDirectory(page)) yield break;
            var bitmap = Page(tiff);
            if (bitmap is not null) yield return bitmap;
        }
    }

    private static SKBitmap? Page(Tiff tiff)
    {
        var width = tiff.GetField(TiffTag.IMAGEWIDTH)?[0].ToInt() ?? 0;
        var height = tiff.GetField(TiffTag.IMAGELENGTH)?[0].ToInt() ?? 0;
        if (width <= 0 || height <= 0) return null;
        var raster = new int[width * height];
        // LibTiff packs each pixel as A<<24 | B<<16 | G<<8 | R: little-endian bytes R, G, B, A, Skia's Rgba8888.
        if (!tiff.ReadRGBAImageOriented(width, height, raster, Orientation.TOPLEFT)) return null;
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        Marshal.Copy(raster, 0, bitmap.GetPixels(), raster.Length);
        return bitmap;
    }

    // LibTiff writes warnings and errors to the console by default; a failed page shows as a failed read instead.
    private sealed class Quiet : TiffErrorHandler
    {
        public override void WarningHandler(Tiff tif, string method, string format, params object[] args) { }

        public override void WarningHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args) { }

        public override void ErrorHandler(Tiff tif, string method, string format, params object[] args) { }

        public override void ErrorHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args) { }
    }
}
