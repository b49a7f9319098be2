using BitMiracle.LibTiff.Classic;

namespace Finance.Core.Reading;

/// <summary>
/// The pages of a TIFF as grey images, decoded in-process with LibTiff.NET (Skia has no TIFF codec): what lets the QR-bill
/// search look at every page of a multi-page scan, the slip being often the last sheet. One page is held at a time;
/// <see cref="ImageChecks"/> has already bounded the page count and dimensions. What a scanner files (8-bit grey or
/// bilevel, strips, top-left) is read row by row straight into grey; anything else goes through LibTiff's RGBA reader.
/// </summary>
public static class TiffPages
{
    static TiffPages() => Tiff.SetErrorHandler(new Quiet());

    /// <summary>Each page in order with its 1-based number, top-left oriented. A page LibTiff cannot decode is skipped,
    /// so the remaining pages are still searched and keep their numbers.</summary>
    public static IEnumerable<(int Page, GreyImage Image)> Decode(ReadOnlyMemory<byte> content)
    {
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        using var tiff = Tiff.ClientOpen("upload.tif", "r", stream, new TiffStream());
        if (tiff is null) yield break;
        var pages = tiff.NumberOfDirectories();
        for (short page = 0; page < pages; page++)
        {
            if (!tiff.SetDirectory(page)) yield break;
            var image = Page(tiff);
            if (image is not null) yield return (page + 1, image);
        }
    }

    private static GreyImage? Page(Tiff tiff)
    {
        var width = tiff.GetField(TiffTag.IMAGEWIDTH)?[0].ToInt() ?? 0;
        var height = tiff.GetField(TiffTag.IMAGELENGTH)?[0].ToInt() ?? 0;
        if (width <= 0 || height <= 0) return null;
        var pixels = new byte[width * height];
        return (Scanlines(tiff, width, height, pixels) || Rgba(tiff, width, height, pixels)) ? new GreyImage(width, height, pixels) : null;
    }

    // TIFF 6.0 §3 (bilevel) and §4 (greyscale), one sample per pixel in strips, rows top to bottom.
    private static bool Scanlines(Tiff tiff, int width, int height, byte[] pixels)
    {
        var bits = Field(tiff, TiffTag.BITSPERSAMPLE);
        var photometric = (Photometric)Field(tiff, TiffTag.PHOTOMETRIC);
        if (tiff.IsTiled() || Field(tiff, TiffTag.SAMPLESPERPIXEL) != 1 || bits is not (1 or 8)
            || photometric is not (Photometric.MINISBLACK or Photometric.MINISWHITE)
            || (Orientation)Field(tiff, TiffTag.ORIENTATION) != Orientation.TOPLEFT)
            return false;
        var row = new byte[tiff.ScanlineSize()];
        var white = photometric == Photometric.MINISWHITE;
        for (var y = 0; y < height; y++)
        {
            if (!tiff.ReadScanline(row, y)) return false;
            var into = pixels.AsSpan(y * width, width);
            if (bits == 8) row.AsSpan(0, width).CopyTo(into);
            else
            {
                for (var x = 0; x < width; x++) into[x] = (row[x >> 3] & (0x80 >> (x & 7))) != 0 ? (byte)255 : (byte)0;
            }
            if (white)
            {
                for (var x = 0; x < width; x++) into[x] = (byte)(255 - into[x]);
            }
        }
        return true;
    }

    private static bool Rgba(Tiff tiff, int width, int height, byte[] pixels)
    {
        var raster = new int[width * height];
        // LibTiff packs each pixel as A<<24 | B<<16 | G<<8 | R: little-endian bytes R, G, B, A.
        if (!tiff.ReadRGBAImageOriented(width, height, raster, Orientation.TOPLEFT)) return false;
        GreyImage.FromRgba(System.Runtime.InteropServices.MemoryMarshal.AsBytes(raster.AsSpan()), width * 4, width, height, pixels);
        return true;
    }

    private static int Field(Tiff tiff, TiffTag tag) => tiff.GetFieldDefaulted(tag)?[0].ToInt() ?? -1;

    // LibTiff writes warnings and errors to the console by default; a failed page shows as a failed read instead.
    private sealed class Quiet : TiffErrorHandler
    {
        public override void WarningHandler(Tiff tif, string method, string format, params object[] args) { }

        public override void WarningHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args) { }

        public override void ErrorHandler(Tiff tif, string method, string format, params object[] args) { }

        public override void ErrorHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args) { }
    }
}
