using System.Buffers.Binary;
using SkiaSharp;
using static Finance.Core.Reading.DocumentInspector;

namespace Finance.Core.Reading;

/// <summary>Image refusals: dimensions are read from the header before anything is decoded (a 1 KB PNG may declare
/// 100,000 × 100,000 pixels), then PNG and JPEG must decode completely; TIFF's page chain must hold together.</summary>
internal static class ImageChecks
{
    public static int DecodablePage(ReadOnlySpan<byte> content, DocumentKind kind, ReadingOptions limits)
    {
        if (kind == DocumentKind.Png) PngChunks(content, limits);
        using var data = SKData.CreateCopy(content);
        using var codec = SKCodec.Create(data) ?? throw Reject(DocumentRejection.Unreadable, "The image cannot be decoded.");
        CheckPixels((long)codec.Info.Width * codec.Info.Height, limits);
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success) throw Reject(DocumentRejection.Unreadable, $"The image does not decode completely ({result}).");
        return 1;
    }

    // PNG (ISO/IEC 15948): IHDR first, chunks that fit the file, IEND last and nothing after it but padding.
    private static void PngChunks(ReadOnlySpan<byte> content, ReadingOptions limits)
    {
        var at = 8;
        var first = true;
        while (true)
        {
            if (at + 12 > content.Length) throw Reject(DocumentRejection.Unreadable, "The PNG is truncated.");
            var length = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(at, 4));
            var type = content.Slice(at + 4, 4);
            if (length > int.MaxValue || at + 12 + (long)length > content.Length) throw Reject(DocumentRejection.Unreadable, "The PNG is truncated.");
            if (first)
            {
                if (!type.SequenceEqual("IHDR"u8) || length < 8) throw Reject(DocumentRejection.Unreadable, "The PNG has no header chunk.");
                CheckPixels((long)BinaryPrimitives.ReadUInt32BigEndian(content.Slice(at + 8, 4)) * BinaryPrimitives.ReadUInt32BigEndian(content.Slice(at + 12, 4)), limits);
                first = false;
            }
            at += 12 + (int)length;
            if (type.SequenceEqual("IEND"u8)) break;
        }
        if (content[at..].IndexOfAnyExcept((byte)0) >= 0) throw Reject(DocumentRejection.Polyglot, "The PNG carries data after its end.");
    }

    // TIFF 6.0 §2: header, then a chain of image file directories, one per page.
    public static int TiffPages(ReadOnlySpan<byte> content, ReadingOptions limits)
    {
        var little = content[0] == 0x49;
        uint U32(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);
        ushort U16(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);
        if (content.Length < 8) throw Reject(DocumentRejection.Unreadable, "The TIFF is truncated.");
        var seen = new HashSet<uint>();
        var pages = 0;
        for (var offset = U32(content[4..]); offset != 0; pages++)
        {
            if (!seen.Add(offset) || offset + 2L > content.Length) throw Reject(DocumentRejection.Unreadable, "The TIFF's page chain is broken.");
            if (pages >= limits.MaxPages) throw Reject(DocumentRejection.TooManyPages, $"The TIFF has more than {limits.MaxPages} pages.");
            var entries = U16(content[(int)offset..]);
            var end = offset + 2L + entries * 12L;
            if (end + 4 > content.Length) throw Reject(DocumentRejection.Unreadable, "The TIFF is truncated.");
            long width = 0, height = 0;
            for (var i = 0; i < entries; i++)
            {
                var entry = content.Slice((int)offset + 2 + i * 12, 12);
                var tag = U16(entry);
                var value = U16(entry[2..]) == 3 ? U16(entry[8..]) : U32(entry[8..]);
                if (tag == 256) width = value;
                if (tag == 257) height = value;
            }
            if (width == 0 || height == 0) throw Reject(DocumentRejection.Unreadable, "A TIFF page has no dimensions.");
            CheckPixels(width * height, limits);
            offset = U32(content[(int)end..]);
        }
        if (pages == 0) throw Reject(DocumentRejection.Unreadable, "The TIFF has no page.");
        return pages;
    }

    private static void CheckPixels(long pixels, ReadingOptions limits)
    {
        if (pixels > limits.MaxImagePixels)
            throw Reject(DocumentRejection.PageTooLarge, $"The image has {pixels:N0} pixels; at most {limits.MaxImagePixels:N0} are read.");
        if (pixels <= 0) throw Reject(DocumentRejection.Unreadable, "The image has no pixels.");
    }
}
