using System.Runtime.InteropServices;
using SkiaSharp;

namespace Finance.Core.Reading;

/// <summary>
/// One page as 8-bit luminance, one byte a pixel, rows without padding: all the QR search looks at. Scans arrive grey
/// (or bilevel), so decoding straight to grey spares the RGBA copy and its conversion back.
/// </summary>
public sealed class GreyImage(int width, int height, byte[] pixels)
{
    public int Width { get; } = width;
    public int Height { get; } = height;
    public byte[] Pixels { get; } = pixels;

    /// <summary>A PNG or JPEG decoded to grey, or null if Skia cannot decode it.</summary>
    public static GreyImage? Decode(ReadOnlySpan<byte> encodedImage)
    {
        using var data = SKData.CreateCopy(encodedImage);
        using var codec = SKCodec.Create(data);
        if (codec is null) return null;
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        var pixels = new byte[width * height];
        if (codec.Info.ColorType == SKColorType.Gray8)
        {
            var pinned = GCHandle.Alloc(pixels, GCHandleType.Pinned);
            try
            {
                if (Decoded(codec.GetPixels(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque), pinned.AddrOfPinnedObject())))
                    return new GreyImage(width, height, pixels);
            }
            finally
            {
                pinned.Free();
            }
        }
        using var rgba = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        if (!Decoded(codec.GetPixels(rgba.Info, rgba.GetPixels()))) return null;
        FromRgba(rgba.GetPixelSpan(), rgba.RowBytes, width, height, pixels);
        return new GreyImage(width, height, pixels);
    }

    /// <summary>ITU-R BT.601 luma of RGBA rows (any row padding dropped) into <paramref name="grey"/>.</summary>
    public static void FromRgba(ReadOnlySpan<byte> rgba, int rowBytes, int width, int height, Span<byte> grey)
    {
        for (var y = 0; y < height; y++)
        {
            var row = rgba.Slice(y * rowBytes, width * 4);
            var into = grey.Slice(y * width, width);
            for (var x = 0; x < width; x++)
                into[x] = (byte)((row[4 * x] * 299 + row[4 * x + 1] * 587 + row[4 * x + 2] * 114) / 1000);
        }
    }

    /// <summary>The image shrunk by <paramref name="factor"/> on each side, each pixel the mean of its factor × factor
    /// block (a box filter: it also averages away the speckle of a scan).</summary>
    public GreyImage Reduced(int factor)
    {
        if (factor <= 1) return this;
        var (width, height) = (Width / factor, Height / factor);
        var pixels = new byte[width * height];
        var sums = new int[width];
        var area = factor * factor;
        for (var y = 0; y < height; y++)
        {
            Array.Clear(sums);
            for (var dy = 0; dy < factor; dy++)
            {
                var row = Pixels.AsSpan((y * factor + dy) * Width, width * factor);
                for (var x = 0; x < width; x++)
                {
                    var block = row.Slice(x * factor, factor);
                    var sum = 0;
                    foreach (var p in block) sum += p;
                    sums[x] += sum;
                }
            }
            for (var x = 0; x < width; x++) pixels[y * width + x] = (byte)(sums[x] / area);
        }
        return new GreyImage(width, height, pixels);
    }

    /// <summary>The image through a 3 × 3 median filter: a scan's speckle goes, edges a few pixels wide stay.</summary>
    public GreyImage Despeckled()
    {
        var pixels = (byte[])Pixels.Clone();
        Span<byte> v = stackalloc byte[9];
        for (var y = 1; y < Height - 1; y++)
        {
            for (var x = 1; x < Width - 1; x++)
            {
                var at = y * Width + x;
                Pixels.AsSpan(at - Width - 1, 3).CopyTo(v);
                Pixels.AsSpan(at - 1, 3).CopyTo(v[3..]);
                Pixels.AsSpan(at + Width - 1, 3).CopyTo(v[6..]);
                pixels[at] = Median9(v);
            }
        }
        return new GreyImage(Width, Height, pixels);
    }

    // The median of nine by the 19-exchange network (Paeth, Graphics Gems, "Median finding on a 3 × 3 grid").
    private static byte Median9(Span<byte> p)
    {
        static void Order(Span<byte> p, int a, int b)
        {
            if (p[a] > p[b]) (p[a], p[b]) = (p[b], p[a]);
        }
        Order(p, 1, 2); Order(p, 4, 5); Order(p, 7, 8); Order(p, 0, 1); Order(p, 3, 4); Order(p, 6, 7);
        Order(p, 1, 2); Order(p, 4, 5); Order(p, 7, 8); Order(p, 0, 3); Order(p, 5, 8); Order(p, 4, 7);
        Order(p, 3, 6); Order(p, 1, 4); Order(p, 2, 5); Order(p, 4, 7); Order(p, 4, 2); Order(p, 6, 4);
        Order(p, 4, 2);
        return p[4];
    }

    private static bool Decoded(SKCodecResult result) => result is SKCodecResult.Success or SKCodecResult.IncompleteInput;
}
