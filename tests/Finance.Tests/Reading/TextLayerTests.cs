using System.Globalization;
using Finance.Core.Documents;
using Finance.Core.Reading;
using Finance.Core.Reading.Extraction;
using UglyToad.PdfPig;

namespace Finance.Tests.Reading;

/// <summary>The text-layer rules on our own invoices in the four languages (every value known), without the QR-bill.</summary>
public class TextLayerTests
{
    [Theory]
    [InlineData("de"), InlineData("fr"), InlineData("it"), InlineData("en")]
    public void Extract_OwnInvoice_EveryPrintedFieldExact(string language)
    {
        var invoice = Documents.InvoiceSamples.Create(5, language);
        var fields = TextFields(InvoicePdfRenderer.Render(invoice));
        string? V(string name) => fields.FirstOrDefault(f => f.Name == name)?.Value;
        Assert.Equal(invoice.Number, V(BillFields.InvoiceNumber));
        Assert.Equal("2024-11-04", V(BillFields.InvoiceDate));
        Assert.Equal("2024-12-04", V(BillFields.DueDate));
        Assert.Equal("CHF", V(BillFields.Currency));
        Assert.Equal(M(invoice.Totals.NetTotal), V(BillFields.NetAmount));
        Assert.Equal(M(invoice.Totals.VatTotal), V(BillFields.VatAmount));
        Assert.Equal(M(invoice.Totals.GrandTotal), V(BillFields.GrossAmount));
        Assert.Equal("CHE-123.456.788", V(BillFields.SupplierUid));
        Assert.Equal("Société Générale de Déménagement Sàrl", V(BillFields.SupplierName));
        Assert.Equal(string.Join(';', invoice.Totals.Vat.OrderByDescending(v => v.RatePercent)
            .Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.RatePercent:0.##}:{v.NetAmount:0.00}:{v.VatAmount:0.00}"))), V(BillFields.VatBreakdown));
        Assert.All(fields, f => Assert.Equal(ReadSource.TextLayer, f.Source));
    }

    [Theory]
    [InlineData("CHE-123.456.788", true), InlineData("CHE-116.281.710", true), InlineData("CHE-123.456.789", false)]
    public void SwissUid_CheckDigit(string uid, bool valid) => Assert.Equal(valid, SwissUid.IsValid(new string([.. uid.Where(char.IsAsciiDigit)])));

    [Theory]
    [InlineData("Total  CHF 1'234.50", "1234.50"), InlineData("Montant dû 1 234,50 €", "1234.50"), InlineData("Total EUR 1.234,50", "1234.50"),
        InlineData("Amount due: 1,234.50", "1234.50"), InlineData("Totale 12.00", "12.00")]
    public void Amounts_SwissAndEuropeanFormats(string line, string expected) => Assert.Equal(expected, Amounts.Format(Amounts.Find(line).Last().Value));

    [Theory]
    [InlineData("vom 05.03.2018", "2018-03-05"), InlineData("le 5 mars 2018", "2018-03-05"), InlineData("il 5 marzo 2018", "2018-03-05"),
        InlineData("March 5, 2018", "2018-03-05"), InlineData("5. März 2018", "2018-03-05"), InlineData("2018-03-05", "2018-03-05")]
    public void Dates_FourLanguages(string text, string expected) => Assert.Equal(expected, Dates.Format(Dates.Find(text).Single().Value));

    internal static List<ReadField> TextFields(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return BillTextExtractor.Extract(PdfTextLayer.Lines(document), ReadSource.TextLayer);
    }

    private static string M(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
