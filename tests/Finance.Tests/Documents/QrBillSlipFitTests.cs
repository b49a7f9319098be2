using Finance.Core.Documents;
using Finance.Core.Invoicing.QrBill;
using static Finance.Core.Invoicing.QrBill.QrReferenceType;

namespace Finance.Tests.Documents;

/// <summary>Finding 7 of the hardening issue: valid data at the field limits must stay inside the slip's
/// sections (SIX IG QR-bill 2.3 §3.4/§3.5) and leave the QR code readable.</summary>
public class QrBillSlipFitTests
{
    // Each pair of currency, amount and reference type occurs in some row (an orthogonal array).
    private static readonly (string Currency, bool Amount, QrReferenceType Reference)[] Payments =
        [("CHF", true, Qrr), ("CHF", false, Scor), ("EUR", false, Qrr), ("EUR", true, Scor)];

    private static readonly string[] Languages = ["de", "fr", "it", "en"];

    public static TheoryData<string, string, string, bool, QrReferenceType, string> WorstCases()
    {
        var data = new TheoryData<string, string, string, bool, QrReferenceType, string>();
        var i = 0;
        foreach (var style in new[] { "words", "caps", "oneword" })
            foreach (var info in new[] { "message", "billinfo" })
                foreach (var (currency, amount, reference) in Payments)
                {
                    data.Add(style, info, currency, amount, reference, Languages[(i + i / 4) % 4]);
                    i++;
                }
        return data;
    }

    [Theory, MemberData(nameof(WorstCases))]
    public void RenderPdf_LongValidData_FitsSectionsAndDecodes(string style, string info, string currency, bool amount, QrReferenceType reference, string language) =>
        AssertFitsAndDecodes(SlipWorstCases.Bill(style, info, currency, amount, reference), language);

    [Theory, InlineData("fr"), InlineData("it")]
    public void RenderPdf_MaximalPayload_FitsSectionsAndDecodes(string language) =>
        AssertFitsAndDecodes(SlipWorstCases.Maximal(), language);

    [Theory, InlineData("caps", "it"), InlineData("oneword", "de")]
    public void RenderPdf_LongCreditorBlankPayer_FitsSectionsAndDecodes(string style, string language) =>
        AssertFitsAndDecodes(SlipWorstCases.Bill(style, "message", "EUR", false, Scor) with { Debtor = null }, language);

    // Wider than any real name: even the narrowest candidate layouts overflow, so the slip falls back to cutting
    // values with "…" (SlipInformation.LastResort) and must still keep inside its sections.
    [Fact]
    public void RenderPdf_WidestGlyphsInEveryField_CutsWithEllipsisInsideSections()
    {
        var bill = SlipWorstCases.Bill("widest", "message", "CHF", true, Qrr);
        var pdf = QrBillRenderer.RenderPdf(bill, "it", out var boxes);

        Assert.Equal(QrBillPayload.Build(bill), Assert.Single(PdfTools.DecodeQr(pdf, 1, QrBillRenderer.SlipHeightMm)));
        SlipGeometry.AssertInsideSections(boxes);
        SlipGeometry.AssertWordsInsideSections(PdfTools.WordBoxes(pdf, 1));
        Assert.Contains(boxes, b => b.Section == SlipSection.ReceiptInformation && b.Text!.EndsWith('…'));
        Assert.Contains(boxes, b => b.Section == SlipSection.PaymentInformation && b.Text!.EndsWith('…'));
    }

    [Fact]
    public void WorstCases_AreAtTheFieldLimits()
    {
        foreach (var text in new[] { SlipWorstCases.WordsName, SlipWorstCases.OneWordName, SlipWorstCases.WordsStreet, SlipWorstCases.OneWordStreet })
            Assert.Equal(70, text.Length);
        Assert.Equal(35, SlipWorstCases.Town.Length);
        Assert.Equal(35, SlipWorstCases.OneWordTown.Length);
        Assert.Equal(140, SlipWorstCases.Message140.Length);
        Assert.Equal(140, SlipWorstCases.Message55.Length + SlipWorstCases.BillInfo85.Length);
        Assert.DoesNotContain(' ', SlipWorstCases.BillInfo85);
        Assert.Equal(25, SlipWorstCases.Bill("words", "message", "CHF", true, Scor).Reference!.Length);
    }

    private static void AssertFitsAndDecodes(QrBill bill, string language)
    {
        var pdf = QrBillRenderer.RenderPdf(bill, language, out var boxes);

        Assert.Equal(QrBillPayload.Build(bill), Assert.Single(PdfTools.DecodeQr(pdf, 1, QrBillRenderer.SlipHeightMm)));
        SlipGeometry.AssertInsideSections(boxes);
        SlipGeometry.AssertWordsInsideSections(PdfTools.WordBoxes(pdf, 1));
        SlipGeometry.AssertAddressesInFull(bill, boxes);
    }
}
