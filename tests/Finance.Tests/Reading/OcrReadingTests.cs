using System.Globalization;
using Finance.Core.Documents;
using Finance.Core.Reading;
using Finance.Tests.Documents;
using Finance.Tests.Infrastructure;

namespace Finance.Tests.Reading;

/// <summary>Scans: text PDFs rasterised by pdftoppm at 300 dpi, read back by Tesseract through the pipeline.</summary>
public class OcrReadingTests
{
    [Fact]
    public async Task ReadAsync_RasterisedOwnInvoice_NumberDateAndGrossFound()
    {
        var invoice = InvoiceSamples.Create(3, "de") with { QrBill = null };
        var reading = await ReadScanAsync(InvoicePdfRenderer.Render(invoice), 1);
        Assert.Equal(invoice.Number, reading.Value(BillFields.InvoiceNumber));
        Assert.Equal("2024-11-04", reading.Value(BillFields.InvoiceDate));
        Assert.Equal(invoice.Totals.GrandTotal.ToString("0.00", CultureInfo.InvariantCulture), reading.Value(BillFields.GrossAmount));
        Assert.Equal(ReadSource.Ocr, reading[BillFields.GrossAmount]!.Source);
        Assert.InRange(reading[BillFields.GrossAmount]!.Confidence, 0.5m, 1m);
        Assert.Contains("Text recognised by Tesseract on 1 page(s).", reading.Notes);
    }

    [Fact]
    public async Task ReadAsync_RasterisedCorpusInvoice_NumberDateAndGrossFound()
    {
        var pdf = File.ReadAllBytes(Reading.CorpusPath("XML-Rechnung", "FX", "EN16931_Einfach.pdf"));
        var truth = CorpusTruth.Fields("XML-Rechnung/FX/EN16931_Einfach.pdf");
        var first = await ReadScanAsync(pdf, 1);
        Assert.Equal(truth[BillFields.InvoiceNumber], first.Value(BillFields.InvoiceNumber));
        Assert.Equal(truth[BillFields.InvoiceDate], first.Value(BillFields.InvoiceDate));
        var last = await ReadScanAsync(pdf, 2);
        Assert.Equal(truth[BillFields.GrossAmount], last.Value(BillFields.GrossAmount));
    }

    [Fact]
    public async Task ReadAsync_ScannedPdfWithoutTextLayer_OcrAndQrBill()
    {
        // A PDF whose only page is an image: no text layer, so the reader must rasterise, decode the QR-bill and OCR.
        var invoice = InvoiceSamples.Create(2, "fr");
        var png = PdfTools.RenderPng(InvoicePdfRenderer.Render(invoice), 1, dpi: 200);
        var pdf = Path.ChangeExtension(png, ".pdf");
        ServerProcess.Run("/usr/bin/python3", ["-c", "import sys; from PIL import Image; Image.open(sys.argv[1]).convert('L').save(sys.argv[2], resolution=200)", png, pdf]);
        var bytes = File.ReadAllBytes(pdf);
        File.Delete(png);
        File.Delete(pdf);
        var reading = await Reading.ReadAsync(bytes);
        Assert.Equal(ReadSource.QrBill, reading[BillFields.GrossAmount]!.Source);
        Assert.Equal(invoice.Totals.GrandTotal.ToString("0.00", CultureInfo.InvariantCulture), reading.Value(BillFields.GrossAmount));
        Assert.Equal(invoice.Number, reading.Value(BillFields.InvoiceNumber));
        Assert.Equal(ReadSource.Ocr, reading[BillFields.InvoiceNumber]!.Source);
    }

    private static async Task<BillReading> ReadScanAsync(byte[] pdf, int page)
    {
        var png = PdfTools.RenderPng(pdf, page);
        var bytes = File.ReadAllBytes(png);
        File.Delete(png);
        return await Reading.ReadAsync(bytes);
    }
}
