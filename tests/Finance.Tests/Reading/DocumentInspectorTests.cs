using System.IO.Compression;
using Finance.Core.Errors;
using Finance.Core.Reading;
using Finance.Tests.Infrastructure;
using SkiaSharp;

namespace Finance.Tests.Reading;

public class DocumentInspectorTests
{
    private static string Refusal(byte[] content, ReadingOptions? options = null) =>
        Assert.Throws<DocumentRejectedException>(() => Reading.Inspector(options).Inspect(content)).Code;

    [Fact]
    public void Inspect_ZeroBytes_Empty() => Assert.Equal(DocumentRejection.Empty, Refusal([]));

    [Fact]
    public void Inspect_Over20MB_TooLarge()
    {
        var content = new byte[20 * 1024 * 1024 + 1];
        "%PDF-1.7\n"u8.CopyTo(content);
        Assert.Equal(DocumentRejection.TooLarge, Refusal(content));
    }

    [Fact]
    public void Inspect_TextFileNamedPdf_UnknownType() => Assert.Equal(DocumentRejection.UnknownType, Refusal("Invoice 42, CHF 100.00"u8.ToArray()));

    [Fact]
    public void Inspect_Rejection_IsValidationProblemOnFileField()
    {
        var e = Assert.Throws<DocumentRejectedException>(() => Reading.Inspector().Inspect([]));
        var validation = Assert.IsAssignableFrom<ValidationException>(e);
        Assert.Equal("document.empty", validation.Code);
        Assert.Equal(["file"], validation.Errors!.Keys);
    }

    [Fact]
    public void Inspect_PdfWithEncryptDictionary_Encrypted() =>
        Assert.Equal(DocumentRejection.Encrypted, Refusal(MiniPdf.Build(trailerExtra: "/Encrypt << /Filter /Standard /V 2 /R 3 /O (x) /U (y) /P -4 >> ")));

    [Fact]
    public void Inspect_PdfThatIsAlsoAZip_Polyglot()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry("payload.html").Open();
            entry.Write("<script>alert(1)</script>"u8);
        }
        Assert.Equal(DocumentRejection.Polyglot, Refusal([.. MiniPdf.Build(), .. zip.ToArray()]));
    }

    [Fact]
    public void Inspect_HtmlPageCarryingAPdf_Polyglot() =>
        Assert.Equal(DocumentRejection.Polyglot, Refusal([.. "<html><body>hi</body></html>\n"u8.ToArray(), .. MiniPdf.Build()]));

    [Fact]
    public void Inspect_PdfStartingWithHtml_Polyglot()
    {
        var pdf = MiniPdf.Build(pagesDictionary: "<< /Type /Pages /Kids [3 0 R] /Count 1 /X (<html><script>alert(1)</script>) >>");
        Assert.Equal(DocumentRejection.Polyglot, Refusal(pdf));
    }

    [Fact]
    public void Inspect_PngWithPdfAppended_Polyglot() => Assert.Equal(DocumentRejection.Polyglot, Refusal([.. Png(40, 40), .. MiniPdf.Build()]));

    [Fact]
    public void Inspect_PdfDeclaring10000Pages_TooManyPages() =>
        Assert.Equal(DocumentRejection.TooManyPages, Refusal(MiniPdf.Build(pagesDictionary: "<< /Type /Pages /Kids [3 0 R] /Count 10000 >>")));

    [Fact]
    public void Inspect_Pdf20000PointMediaBox_PageTooLarge() =>
        Assert.Equal(DocumentRejection.PageTooLarge, Refusal(MiniPdf.Build(mediaBox: "[0 0 20000 20000]")));

    [Fact]
    public void Inspect_FlateStreamOf1GB_DecompressionBomb()
    {
        // 1 GiB of spaces deflates to about 1 MB: a ratio of about 1000.
        var chunk = new byte[1 << 20];
        Array.Fill(chunk, (byte)' ');
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            for (var i = 0; i < 1024; i++) zlib.Write(chunk);
        }
        var pdf = MiniPdf.Build(stream: compressed.ToArray(), streamDictionary: "/Filter /FlateDecode ");
        Assert.True(pdf.Length < 2 * 1024 * 1024);
        Assert.Equal(DocumentRejection.DecompressionBomb, Refusal(pdf));
    }

    [Fact]
    public void Inspect_TruncatedPng_Unreadable()
    {
        var png = Png(300, 300);
        Assert.Equal(DocumentRejection.Unreadable, Refusal(png[..(png.Length / 2)]));
    }

    [Fact]
    public void Inspect_PngDeclaringHugeDimensions_PageTooLarge()
    {
        var png = Png(10, 10);
        // IHDR width and height (big-endian at bytes 16 and 20); the CRC no longer matters: the header is refused first.
        new byte[] { 0, 0, 0x9C, 0x40, 0, 0, 0x9C, 0x40 }.CopyTo(png, 16);
        Assert.Equal(DocumentRejection.PageTooLarge, Refusal(png));
    }

    [Fact]
    public void Inspect_BrokenPdf_Unreadable() => Assert.Equal(DocumentRejection.Unreadable, Refusal("%PDF-1.7\nthis is not a pdf\n%%EOF"u8.ToArray()));

    [Fact]
    public void Inspect_CorpusPdf_AcceptedWithPagesAndHash()
    {
        var bytes = File.ReadAllBytes(Reading.CorpusPath("XML-Rechnung", "FX", "EN16931_Einfach.pdf"));
        var document = Reading.Inspector().Inspect(bytes);
        Assert.Equal(new InspectedDocument(DocumentKind.Pdf, "application/pdf", 2, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))), document);
    }

    [Fact]
    public void Inspect_EveryCorpusPdf_Accepted()
    {
        foreach (var file in Directory.EnumerateFiles(Reading.CorpusPath(), "*.pdf", SearchOption.AllDirectories))
            Assert.Equal(DocumentKind.Pdf, Reading.Inspector().Inspect(File.ReadAllBytes(file)).Kind);
    }

    [Fact]
    public void Inspect_HandMadePdf_Accepted() => Assert.Equal(1, Reading.Inspector().Inspect(MiniPdf.Build()).Pages);

    [Fact]
    public void Inspect_PngJpegTiff_SniffedFromBytes()
    {
        Assert.Equal(DocumentKind.Png, Reading.Inspector().Inspect(Png(50, 50)).Kind);
        Assert.Equal(DocumentKind.Jpeg, Reading.Inspector().Inspect(Encode(50, 50, SKEncodedImageFormat.Jpeg)).Kind);
        var tiff = Path.Combine(Path.GetTempPath(), $"finance-{Guid.NewGuid():N}.tif");
        ServerProcess.Run("/usr/bin/python3", ["-c", "import sys; from PIL import Image; a = Image.new('L', (60, 40), 255); a.save(sys.argv[1], save_all=True, append_images=[a])", tiff]);
        var document = Reading.Inspector().Inspect(File.ReadAllBytes(tiff));
        File.Delete(tiff);
        Assert.Equal((DocumentKind.Tiff, "image/tiff", 2), (document.Kind, document.MediaType, document.Pages));
    }

    internal static byte[] Png(int width, int height) => Encode(width, height, SKEncodedImageFormat.Png);

    private static byte[] Encode(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var ink = new SKPaint { Color = SKColors.Black };
            for (var i = 0; i < width; i += 7) canvas.DrawRect(i, 0, 3, height, ink);
        }
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }
}
