using Finance.Core.Documents;
using Finance.Core.Invoicing.QrBill;
using Finance.Tests.Invoicing;

namespace Finance.Tests.Documents;

public class InvoicePdfRendererTests
{
    [Fact]
    public void Render_ShortInvoice_TextHasNumberCustomerAndTotals()
    {
        var doc = InvoiceSamples.Create(5);
        var pdf = InvoicePdfRenderer.Render(doc);

        var text = PdfTools.Text(pdf);
        Assert.Equal(1, PdfTools.PageCount(pdf));
        Assert.Contains("2024-0042", text);
        Assert.Contains("Jürg Müller-Lüthi", text);
        Assert.Contains(InvoiceLayout.Money(doc.Totals.GrandTotal), text);
        Assert.Contains(InvoiceLayout.Money(doc.Totals.NetTotal), text);
        Assert.Contains("CHE-123.456.788 TVA", text);
        Assert.Contains("Section paiement", text);
    }

    [Theory]
    [InlineData("de", "Rechnung", "Fällig am", "Zahlteil")]
    [InlineData("fr", "Facture", "Échéance", "Récépissé")]
    [InlineData("it", "Fattura", "Scadenza", "Ricevuta")]
    [InlineData("en", "Invoice", "Due date", "Receipt")]
    public void Render_Language_LabelsInThatLanguage(string language, params string[] labels)
    {
        var text = PdfTools.Text(InvoicePdfRenderer.Render(InvoiceSamples.Create(3, language)));
        foreach (var label in labels) Assert.Contains(label, text);
    }

    [Fact]
    public void Render_80Lines_SeveralPagesAndQrBillOnLastPage()
    {
        var doc = InvoiceSamples.Create(80);
        var pdf = InvoicePdfRenderer.Render(doc);

        var pages = PdfTools.PageCount(pdf);
        Assert.True(pages >= 2, $"{pages} page(s)");
        Assert.Empty(PdfTools.DecodeQr(pdf, 1));
        var decoded = QrBillPayload.Parse(Assert.Single(PdfTools.DecodeQr(pdf, pages)));
        Assert.Equal(doc.QrBill! with { Account = "CH5800791123000889012" }, decoded);
        var text = PdfTools.Text(pdf);
        Assert.Contains("Prestation n° 80", text);
        Assert.Contains(InvoiceLayout.Money(doc.Totals.GrandTotal), text);
    }

    [Fact]
    public void Plan_TotalsFillLastPage_QrBillGetsItsOwnPage()
    {
        using var font = DocumentFonts.For([]).Font(false, InvoiceLayout.RowFontSize);
        for (var n = 1; n <= 60; n++)
        {
            var doc = InvoiceSamples.Create(n);
            var plan = InvoiceLayout.Plan(doc, InvoiceLayout.Wrap(doc, font));
            Assert.Equal(n, plan.Sum(p => p.LineCount));
            Assert.True(plan[^1].HasSlip);
            Assert.Equal(1, plan.Count(p => p.HasSlip));
            Assert.Equal(1, plan.Count(p => p.HasSummary));
            if (plan[^1].LineCount == 0 && !plan[^1].HasSummary) return; // the slip needed a page of its own
        }
        Assert.Fail("No line count pushed the QR-bill onto its own page.");
    }

    [Fact]
    public void Render_InvalidQrBill_ThrowsAndWritesNothing()
    {
        var doc = InvoiceSamples.Create(3, bill: QrBillSamples.WithAccents() with { ReferenceType = QrReferenceType.Qrr, Reference = "210000000003139471430009017" });
        using var output = new MemoryStream();
        var ex = Assert.Throws<QrBillException>(() => InvoicePdfRenderer.Render(doc, output));
        Assert.Equal(QrBillErrorKind.QrReferenceRequiresQrIban, Assert.Single(ex.Errors).Kind);
        Assert.Equal(0, output.Length);
    }
}
