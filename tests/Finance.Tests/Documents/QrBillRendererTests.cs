using Finance.Core.Documents;
using Finance.Core.Invoicing.QrBill;
using Finance.Tests.Invoicing;

namespace Finance.Tests.Documents;

public class QrBillRendererTests
{
    public static TheoryData<string, string> Bills() => new()
    {
        { "qrr", "de" }, { "accents", "fr" }, { "minimal", "it" }, { "accents", "en" },
    };

    private static QrBill Bill(string name) => name switch
    {
        "qrr" => QrBillSamples.WithQrReference(),
        "accents" => QrBillSamples.WithAccents(),
        _ => new QrBill { Account = "CH5800791123000889012", Creditor = QrBillSamples.Creditor, Currency = "EUR" },
    };

    [Theory, MemberData(nameof(Bills))]
    public void RenderPdf_DecodedQrCode_EqualsBill(string name, string language)
    {
        var bill = Bill(name);
        var pdf = QrBillRenderer.RenderPdf(bill, language);

        var decoded = QrBillPayload.Parse(Assert.Single(PdfTools.DecodeQr(pdf, 1)));

        Assert.Equal(bill with { Account = Iban.Normalize(bill.Account), Reference = bill.Reference?.Replace(" ", "") }, decoded);
    }

    [Fact]
    public void RenderPdf_AccentedCreditor_ComesBackUnchanged()
    {
        // A plain-string QR path can silently pick ISO-8859-1 (DESIGN.md §6): check the name survives.
        var pdf = QrBillRenderer.RenderPdf(QrBillSamples.WithAccents(), "fr");
        var text = Assert.Single(PdfTools.DecodeQr(pdf, 1));
        Assert.Contains("Société Générale de Déménagement Sàrl", text);
        Assert.Contains("Jürg Müller-Lüthi", text);
    }

    [Theory]
    [InlineData("de", "Zahlteil", "Empfangsschein", "Annahmestelle", "Zahlbar durch")]
    [InlineData("fr", "Section paiement", "Récépissé", "Point de dépôt", "Payable par")]
    [InlineData("it", "Sezione pagamento", "Ricevuta", "Punto di accettazione", "Pagabile da")]
    [InlineData("en", "Payment part", "Receipt", "Acceptance point", "Payable by")]
    public void RenderPdf_Language_HeadingsAreRealText(string language, params string[] headings)
    {
        var text = PdfTools.Text(QrBillRenderer.RenderPdf(QrBillSamples.WithQrReference(), language));
        foreach (var h in headings) Assert.Contains(h, text);
        Assert.Contains("CH44 3199 9123 0008 8901 2", text);
        Assert.Contains("21 00000 00003 13947 14300 09017", text);
        Assert.Contains("1 949.75", text);
    }

    [Fact]
    public void RenderPdf_InvalidBill_ThrowsWithErrors()
    {
        var bill = QrBillSamples.WithQrReference() with { ReferenceType = QrReferenceType.Non, Reference = null, Currency = "USD" };
        var ex = Assert.Throws<QrBillException>(() => QrBillRenderer.RenderPdf(bill, "de"));
        Assert.Contains(ex.Errors, e => e.Kind == QrBillErrorKind.QrIbanRequiresQrReference);
        Assert.Contains(ex.Errors, e => e.Kind == QrBillErrorKind.CurrencyInvalid);
    }

    [Fact]
    public void Amount_SchoeroVectors_SpaceGroupedTwoDecimals()
    {
        foreach (var v in Fixtures.QrBillVectors["amount_display_format"]!["vectors"]!.AsArray())
            Assert.Equal((string)v![1]!, QrBillFormat.Amount((decimal)(double)v[0]!));
    }
}
