using System.Globalization;
using Finance.Core.Documents;
using Finance.Core.Invoicing.QrBill;
using Finance.Core.Reading;
using Finance.Tests.Documents;

namespace Finance.Tests.Reading;

/// <summary>QR-bills drawn by our renderer from every renderable vector, read back through the whole local pipeline:
/// every field the bill states must come back exactly, from the QR-bill, with confidence 1.</summary>
public class QrBillReadingTests
{
    public static TheoryData<string> PayloadIds() => QrCodeScannerTests.PayloadIds();

    [Theory, MemberData(nameof(PayloadIds))]
    public async Task ReadAsync_RenderedQrBill_EveryFieldExact(string id)
    {
        var bill = QrCodeScannerTests.Bill(id);
        var reading = await Reading.ReadAsync(QrBillRenderer.RenderPdf(bill, "fr"));

        void Exact(string name, string? expected)
        {
            if (expected is null) { Assert.True(reading[name] is null || reading[name]!.Source != ReadSource.QrBill, $"{name} should not come from the QR-bill"); return; }
            Assert.Equal((name, expected, 1m, ReadSource.QrBill), (name, reading[name]?.Value, reading[name]?.Confidence, reading[name]?.Source));
        }
        Exact(BillFields.SupplierName, bill.Creditor.Name);
        Exact(BillFields.Iban, bill.Account);
        Exact(BillFields.GrossAmount, bill.Amount?.ToString("0.00", CultureInfo.InvariantCulture));
        Exact(BillFields.Currency, bill.Currency);
        Exact(BillFields.ReferenceType, bill.ReferenceType.ToString().ToUpperInvariant());
        Exact(BillFields.Reference, bill.Reference);
        Exact(BillFields.Message, bill.UnstructuredMessage);
        Exact(BillFields.BillInformation, bill.BillInformation);
        Exact(BillFields.DebtorName, bill.Debtor?.Name);
        Assert.Contains("Swiss QR-bill read on page 1.", reading.Notes);
    }

    [Fact]
    public async Task ReadAsync_InvoiceWithQrBill_QrFieldsWinAndAmountMatchesPrintedTotal()
    {
        var invoice = InvoiceSamples.Create(6, "de");
        var reading = await Reading.ReadAsync(InvoicePdfRenderer.Render(invoice));
        var gross = reading[BillFields.GrossAmount]!;
        Assert.Equal((invoice.Totals.GrandTotal.ToString("0.00", CultureInfo.InvariantCulture), ReadSource.QrBill, 1m), (gross.Value, gross.Source, gross.Confidence));
        Assert.Contains($"QR-bill amount = printed total ({gross.Value}).", reading.Notes);
        Assert.Equal(Iban.Normalize(invoice.QrBill!.Account), reading.Value(BillFields.Iban));
        Assert.Equal(invoice.Number, reading.Value(BillFields.InvoiceNumber));
        Assert.Equal(ReadSource.TextLayer, reading[BillFields.InvoiceNumber]!.Source);
        Assert.Equal("2024-11-04", reading.Value(BillFields.InvoiceDate));
        Assert.Equal("CHE-123.456.788", reading.Value(BillFields.SupplierUid));
    }

    [Fact]
    public async Task ReadAsync_PngOfQrBill_ReadInProcess()
    {
        var bill = QrBillSamples.WithAccentsForReading();
        var png = PdfTools.RenderPng(QrBillRenderer.RenderPdf(bill, "it"), 1, dpi: 150);
        var bytes = File.ReadAllBytes(png);
        File.Delete(png);
        var reading = await Reading.ReadAsync(bytes);
        Assert.Equal(bill.Creditor.Name, reading.Value(BillFields.SupplierName));
        Assert.Equal(bill.Debtor!.Name, reading.Value(BillFields.DebtorName));
        Assert.Equal(ReadSource.QrBill, reading[BillFields.DebtorName]!.Source);
    }
}

internal static class QrBillSamples
{
    public static QrBill WithAccentsForReading() => Invoicing.QrBillSamples.WithAccents();
}
