using Finance.Core.Documents;
using Finance.Core.Invoicing.QrBill;
using Finance.Core.Reading;
using Finance.Tests.Documents;
using SkiaSharp;

namespace Finance.Tests.Reading;

/// <summary>
/// QR-bills on scans (<see cref="Scans"/>: turned, speckled, blurred; 150 and 300 dpi; grey and bilevel) must be found by
/// the QR search as the reader runs it on a page of unknown content: the quick pass on a reduced page, no slip words given.
/// </summary>
public class ScannedQrBillTests
{
    private static readonly int[] FirstPage = [1];

    // Every renderable vector and the longest payload we can issue (the largest QR version, the smallest modules).
    public static IEnumerable<QrBill> Bills() =>
        QrCodeScannerTests.PayloadIds().Cast<object[]>().Select(row => QrCodeScannerTests.Bill((string)row[0])).Append(Longest());

    // Some turned, speckled scans are beyond any decoder; what matters is that the quick pass, which skips a page without
    // finder patterns, never loses a code the full search finds, and that it finds at least as many as zxing-cpp, the
    // outside decoder (DESIGN.md §6), on the same scans.
    [Theory]
    [InlineData(150, false)]
    [InlineData(300, false)]
    [InlineData(300, true)]
    public void Decode_ScannedQrBill_FoundWithoutSlipWordsWhereverFullSearchFindsIt(int dpi, bool bilevel)
    {
        var bills = Bills().ToList();
        var scans = Scans.Make([.. bills.Select(b => (QrBillRenderer.RenderPdf(b, "de"), FirstPage))], dpi, bilevel);
        var (lost, found) = (new List<string>(), 0);
        for (var i = 0; i < bills.Count; i++)
        {
            var (page, image) = Assert.Single(TiffPages.Decode(scans[i]));
            Assert.Equal(1, page);
            var payload = QrBillPayload.Build(bills[i]);
            var full = QrCodeScanner.Decode(image, slipSeen: true);
            if (full.Count > 0) Assert.Equal([payload], full);
            if (QrCodeScanner.Decode(image) is [var text] && text == payload) found++;
            else if (full.Count > 0) lost.Add($"#{i} {bills[i].Creditor.Name}");
        }
        Assert.True(lost.Count == 0, $"the quick pass lost at {dpi} dpi: {string.Join(", ", lost)}");
        var outside = ZxingCpp.DecodeAll(scans).Count(texts => texts.Count > 0);
        Assert.True(found >= outside && found > bills.Count / 2, $"{found} of {bills.Count} found at {dpi} dpi, zxing-cpp found {outside}");
    }

    [Fact]
    public void Longest_ValidAndOver800Characters()
    {
        var payload = QrBillPayload.Build(Longest());
        Assert.True(payload.Length > 800, $"{payload.Length} characters");
        Assert.True(QrBillPayload.TryParse(payload, out _, out var errors), string.Join("; ", errors.Select(e => e.Message)));
    }

    [Theory]
    [InlineData(300, false)]
    [InlineData(300, true)]
    public async Task ReadAsync_ScannedLetterAndSlip_QrBillReadOnPageTwo(int dpi, bool bilevel)
    {
        var bill = QrBillSamples.WithAccentsForReading();
        var letter = InvoicePdfRenderer.Render(Documents.InvoiceSamples.Create(5, "de") with { QrBill = null });
        // One two-page scan: the letter, then the slip.
        var tiff = Scans.Make([(MergedPdf(letter, QrBillRenderer.RenderPdf(bill, "de")), [1, 2])], dpi, bilevel)[0];
        var pages = TiffPages.Decode(tiff).ToList();
        Assert.Equal([1, 2], pages.Select(p => p.Page));
        Assert.Empty(QrCodeScanner.Decode(pages[0].Image));

        var reading = await Reading.ReadAsync(tiff);

        Assert.Contains("Swiss QR-bill read on page 2.", reading.Notes);
        Assert.Equal(bill.Account.Replace(" ", "", StringComparison.Ordinal), reading.Value(BillFields.Iban));
        Assert.Equal(bill.Debtor!.Name, reading.Value(BillFields.DebtorName));
        Assert.Equal(ReadSource.QrBill, reading[BillFields.Iban]!.Source);
    }

    // A photo of a slip from afar: the page fills a sixth of a 3,000 × 4,000 frame, so the reduced page is too coarse for the
    // finder patterns (1.3 pixels a module) while the full frame still decodes. Tesseract reads the slip's titles, and
    // the reader searches the full frame because of them.
    [Fact]
    public async Task ReadAsync_SlipTooSmallForQuickPass_FoundThroughSlipWords()
    {
        var bill = Longest();
        var png = PdfTools.RenderPng(QrBillRenderer.RenderPdf(bill, "de"), 1, dpi: 150);
        byte[] photo;
        try
        {
            using var slip = SKBitmap.Decode(png);
            using var frame = new SKBitmap(3000, 4000, SKColorType.Gray8, SKAlphaType.Opaque);
            using (var canvas = new SKCanvas(frame))
            {
                canvas.Clear(SKColors.White);
                using var page = SKImage.FromBitmap(slip);
                canvas.DrawImage(page, 700, 900, new SKSamplingOptions(SKFilterMode.Nearest));
            }
            using var data = frame.Encode(SKEncodedImageFormat.Png, 100);
            photo = data.ToArray();
        }
        finally
        {
            File.Delete(png);
        }
        var image = GreyImage.Decode(photo)!;
        Assert.Empty(QrCodeScanner.Decode(image));
        Assert.Equal([QrBillPayload.Build(bill)], QrCodeScanner.Decode(image, slipSeen: true));

        var reading = await Reading.ReadAsync(photo);

        Assert.Contains("Swiss QR-bill read on page 1.", reading.Notes);
        Assert.Equal((bill.Debtor!.Name, ReadSource.QrBill), (reading.Value(BillFields.DebtorName), reading[BillFields.DebtorName]!.Source));
    }

    private static byte[] MergedPdf(params byte[][] pdfs)
    {
        var paths = pdfs.Select(p => { var f = Path.GetTempFileName(); File.WriteAllBytes(f, p); return f; }).ToList();
        var merged = Path.GetTempFileName();
        try
        {
            Infrastructure.ServerProcess.Run("pdfunite", [.. paths, merged]);
            return File.ReadAllBytes(merged);
        }
        finally
        {
            paths.Append(merged).ToList().ForEach(File.Delete);
        }
    }

    private static QrBill Longest() => new()
    {
        Account = "CH44 3199 9123 0008 8901 2",
        Creditor = new(new string('C', 59) + " Zürcher AG", new string('S', 70), "1234567890123456", "8001", new string('Z', 35), "CH"),
        Amount = 999_999_999.99m,
        Debtor = new(new string('D', 58) + " Genève Sàrl", new string('R', 70), "6543210987654321", "1204", new string('G', 35), "CH"),
        ReferenceType = QrReferenceType.Qrr,
        Reference = "21 00000 00003 13947 14300 09017",
        UnstructuredMessage = new string('M', 50) + " Rechnung für Arbeiten im März, Lieferung und Montage gemäss Offerte vom 1. Februar",
        AlternativeSchemes = [new string('A', 100), new string('B', 100)],
    };
}
