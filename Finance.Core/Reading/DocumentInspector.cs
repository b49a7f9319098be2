using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Finance.Core.Reading;

/// <summary>
/// Intake's gate: sniffs the type from the bytes (never the name), then refuses what must not reach a parser or a tool
/// (<see cref="DocumentRejection"/>). Cheap checks run first: size, signature, polyglot markers, then the type's own
/// structure (PDF: encryption, streams, pages; images: dimensions, decodability).
/// </summary>
public sealed class DocumentInspector(IOptions<ReadingOptions> options)
{
    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] TiffLittle = [0x49, 0x49, 0x2A, 0x00];
    private static readonly byte[] TiffBig = [0x4D, 0x4D, 0x00, 0x2A];

    public InspectedDocument Inspect(ReadOnlySpan<byte> content)
    {
        var limits = options.Value;
        if (content.IsEmpty) throw Reject(DocumentRejection.Empty, "The file is empty.");
        if (content.Length > limits.MaxBytes)
            throw Reject(DocumentRejection.TooLarge, $"The file has {content.Length:N0} bytes; at most {limits.MaxBytes:N0} are accepted.");

        var kind = Sniff(content);
        Polyglots.Check(content, kind);
        var pages = kind switch
        {
            DocumentKind.Pdf => PdfChecks.Pages(content, limits),
            DocumentKind.Tiff => ImageChecks.TiffPages(content, limits),
            _ => ImageChecks.DecodablePage(content, kind, limits),
        };
        return new InspectedDocument(kind, MediaType(kind), pages, Convert.ToHexStringLower(SHA256.HashData(content)));
    }

    public static string MediaType(DocumentKind kind) => kind switch
    {
        DocumentKind.Pdf => "application/pdf",
        DocumentKind.Png => "image/png",
        DocumentKind.Jpeg => "image/jpeg",
        _ => "image/tiff",
    };

    private static DocumentKind Sniff(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(PdfMagic)) return DocumentKind.Pdf;
        if (content.StartsWith(PngMagic)) return DocumentKind.Png;
        if (content.StartsWith(JpegMagic)) return DocumentKind.Jpeg;
        if (content.StartsWith(TiffLittle) || content.StartsWith(TiffBig)) return DocumentKind.Tiff;
        // Readers accept "%PDF-" anywhere in the first 1024 bytes (ISO 32000-1 §7.5.2 notes, Acrobat's tolerance): whatever
        // sits before it makes the file two things at once.
        if (content[..Math.Min(content.Length, 1024)].IndexOf(PdfMagic) > 0)
            throw Reject(DocumentRejection.Polyglot, "The file carries a PDF behind another format's header.");
        throw Reject(DocumentRejection.UnknownType, "The file is not a PDF, PNG, JPEG or TIFF.");
    }

    internal static DocumentRejectedException Reject(string code, string message) => new(code, message);
}
