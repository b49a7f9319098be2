using System.Buffers.Binary;
using System.Text;

namespace Finance.Core.Reading;

/// <summary>
/// Files that are valid as two formats at once (a PDF that is also a ZIP or an HTML page, a PNG carrying a PDF) are
/// refused: whoever opens the stored file later may pick the other reading (Albertini, "Abusing file formats", PoC||GTFO 0x03).
/// </summary>
internal static class Polyglots
{
    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] ZipLocalHeader = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] ZipEndOfDirectory = [0x50, 0x4B, 0x05, 0x06];
    private static readonly string[] HtmlMarkers = ["<html", "<script", "<!doctype", "<body", "<svg", "<iframe"];

    public static void Check(ReadOnlySpan<byte> content, DocumentKind kind)
    {
        if (content.StartsWith(ZipLocalHeader) || HasZipDirectoryAtEnd(content))
            throw DocumentInspector.Reject(DocumentRejection.Polyglot, "The file is also a ZIP archive.");
        // Browsers sniff HTML from the first bytes (WHATWG MIME Sniffing §7.1): markup there makes the file a web page too.
        var head = Encoding.Latin1.GetString(content[..Math.Min(content.Length, 1024)]);
        if (HtmlMarkers.Any(m => head.Contains(m, StringComparison.OrdinalIgnoreCase)))
            throw DocumentInspector.Reject(DocumentRejection.Polyglot, "The file is also an HTML or SVG document.");
        if (kind != DocumentKind.Pdf && content.IndexOf(PdfMagic) >= 0)
            throw DocumentInspector.Reject(DocumentRejection.Polyglot, "The image also carries a PDF.");
    }

    // The end-of-central-directory record sits in the last 22 + 65,535 bytes, its comment running exactly to the end
    // (APPNOTE.TXT 4.3.16); that is what unzip looks for, wherever the archive's other parts are.
    private static bool HasZipDirectoryAtEnd(ReadOnlySpan<byte> content)
    {
        var start = Math.Max(0, content.Length - 22 - ushort.MaxValue);
        var tail = content[start..];
        for (var at = tail.LastIndexOf(ZipEndOfDirectory); at >= 0; at = tail[..at].LastIndexOf(ZipEndOfDirectory))
        {
            if (at + 22 <= tail.Length && at + 22 + BinaryPrimitives.ReadUInt16LittleEndian(tail.Slice(at + 20, 2)) == tail.Length) return true;
        }
        return false;
    }
}
