using BitMiracle.LibTiff.Classic;
using Finance.Core.Documents;
using Finance.Core.Reading;
using Finance.Tests.Documents;
using SkiaSharp;

namespace Finance.Tests.Reading;

/// <summary>A multi-page TIFF upload: the QR-bill search must look at every page, not just the first.</summary>
public class TiffQrTests
{
    [Fact]
    public async Task ReadAsync_TwoPageTiffQrOnPageTwo_QrBillRead()
    {
        // Page 1: an invoice drawn without its slip; page 2: the QR-bill.
        var bill = QrBillSamples.WithAccentsForReading();
        var letter = Png(InvoicePdfRenderer.Render(Documents.InvoiceSamples.Create(5, "de") with { QrBill = null }));
        var slip = Png(QrBillRenderer.RenderPdf(bill, "de"));
        var tiff = Tiff([letter, slip]);

        var document = Reading.Inspector().Inspect(tiff);
        var reading = await Reading.Local().ReadAsync(tiff, document, CancellationToken.None);

        Assert.Equal((DocumentKind.Tiff, 2), (document.Kind, document.Pages));
        Assert.Contains("Swiss QR-bill read on page 2.", reading.Notes);
        Assert.Equal(bill.Account.Replace(" ", "", StringComparison.Ordinal), reading.Value(BillFields.Iban));
        Assert.Equal(bill.Debtor!.Name, reading.Value(BillFields.DebtorName));
        Assert.Equal(ReadSource.QrBill, reading[BillFields.Iban]!.Source);
        Assert.Equal(2, reading[BillFields.Iban]!.Page);
    }

    [Fact]
    public void Decode_TwoPageTiff_BothPagesInOrder()
    {
        var first = Png(InvoicePdfRenderer.Render(Documents.InvoiceSamples.Create(5, "fr") with { QrBill = null }));
        var tiff = Tiff([first, Png(QrBillRenderer.RenderPdf(QrBillSamples.WithAccentsForReading(), "fr"))]);
        var pages = TiffPages.Decode(tiff).ToList();
        Assert.Equal([1, 2], pages.Select(p => p.Page));
        Assert.Empty(QrCodeScanner.Decode(pages[0].Image));
        Assert.StartsWith("SPC", Assert.Single(QrCodeScanner.Decode(pages[1].Image)), StringComparison.Ordinal);
    }

    private static byte[] Png(byte[] pdf)
    {
        var path = PdfTools.RenderPng(pdf, 1, dpi: 150);
        try
        {
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    // Grey, 8 bits, Deflate: how a document scanner files a multi-page scan (TIFF 6.0 §6, one IFD per page).
    private static byte[] Tiff(IReadOnlyList<byte[]> pngs)
    {
        using var stream = new MemoryStream();
        using (var tiff = BitMiracle.LibTiff.Classic.Tiff.ClientOpen("scan.tif", "w", stream, new TiffStream()))
        {
            for (var i = 0; i < pngs.Count; i++)
            {
                using var bitmap = SKBitmap.Decode(pngs[i]).Copy(SKColorType.Gray8);
                tiff.SetField(TiffTag.IMAGEWIDTH, bitmap.Width);
                tiff.SetField(TiffTag.IMAGELENGTH, bitmap.Height);
                tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
                tiff.SetField(TiffTag.BITSPERSAMPLE, 8);
                tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
                tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
                tiff.SetField(TiffTag.COMPRESSION, Compression.DEFLATE);
                tiff.SetField(TiffTag.ROWSPERSTRIP, bitmap.Height);
                tiff.SetField(TiffTag.SUBFILETYPE, FileType.PAGE);
                tiff.SetField(TiffTag.PAGENUMBER, i, pngs.Count);
                var pixels = bitmap.GetPixelSpan();
                var row = new byte[bitmap.Width];
                for (var y = 0; y < bitmap.Height; y++)
                {
                    pixels.Slice(y * bitmap.RowBytes, bitmap.Width).CopyTo(row);
                    tiff.WriteScanline(row, y);
                }
                tiff.WriteDirectory();
            }
        }
        return stream.ToArray();
    }
}
