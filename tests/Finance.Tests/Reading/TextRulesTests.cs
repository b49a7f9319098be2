using Finance.Core.Reading;
using Finance.Core.Reading.Extraction;

namespace Finance.Tests.Reading;

/// <summary>The text-layer rules one by one, on small snippets laid out as a PDF's text layer gives them (words placed
/// left to right; two spaces mark a column gap).</summary>
public class TextRulesTests
{
    [Theory]
    [InlineData("Gutschrift (Selbst ausgestellte Rechnung) (389) Nr. 471102 vom 05.03.2018", "471102")]
    [InlineData("Rechnung des Versicherers (575) Nr. 01.234.567.8-2018-1 vom 06.12.2018", "01.234.567.8-2018-1")]
    [InlineData("Handelsrechnung (380) Nr. E2018092011804 vom 20.09.2018", "E2018092011804")]
    [InlineData("Rechnungskorrektur (384) Nr. RK21012345 vom 16.09.2018", "RK21012345")]
    [InlineData("Facture n° FA-2017-0010", "FA-2017-0010")]
    [InlineData("Invoice No. 2024-117", "2024-117")]
    [InlineData("Rechnungsnummer:  RE-4711", "RE-4711")]
    public void Extract_TitleWithNumber_InvoiceNumber(string title, string expected) =>
        Assert.Equal(expected, Read([title, "Bei Schriftwechsel bitte Belegnummer 999888 angeben"], BillFields.InvoiceNumber));

    [Fact]
    public void Extract_OriginalDocumentNumber_NotTheInvoiceNumber() =>
        Assert.Equal("RK21012345", Read(["Rechnungskorrektur (384) Nr. RK21012345", "Ursprungsbeleg-Nr :  R87654321012345"], BillFields.InvoiceNumber));

    [Fact]
    public void Extract_OcrGluedAbbreviation_NumberWithoutIt() =>
        Assert.Equal("471102", Read(["Handelsrechnung (380) Nr.471102 vom 05.03.2018"], BillFields.InvoiceNumber));

    [Fact]
    public void Extract_NameInStrayQuotes_QuotesDropped() =>
        Assert.Equal("Grundbesitz GmbH & Co.", Read(["Verkäufer", "Name:  “Grundbesitz GmbH & Co."], BillFields.SupplierName));

    [Fact]
    public void Extract_OrderNumberAfterInvoiceWord_NotTheInvoiceNumber() =>
        Assert.Null(Read(["Rechnung gemäss Bestellung Nr. 4500012345"], BillFields.InvoiceNumber));

    [Fact]
    public void Extract_CurrencyLabel_OutweighsSymbolsAndWeekdays() =>
        Assert.Equal("EUR", Read(["Währung:  EUR", "Mo.-Fr. 08.30 - 12.30 Uhr", "Mo.-Fr. 14.00 - 17.00 Uhr"], BillFields.Currency));

    [Fact]
    public void Extract_FrancsBesideAmount_Chf() => Assert.Equal("CHF", Read(["Total  Fr. 120.00"], BillFields.Currency));

    [Fact]
    public void Extract_WeekdayRangeOnly_NoCurrency() => Assert.Null(Read(["Geöffnet Mo.-Fr. 08.30 - 12.30"], BillFields.Currency));

    [Fact]
    public void Extract_SlashedDateWithDayOver12Second_WholeDocumentMonthFirst()
    {
        string[] lines = ["Invoice Date  11/03/2017", "Due Date  12/03/2017", "SEPA Wire transfer  11/17/2017  623.00 €"];
        Assert.Equal("2017-11-03", Read(lines, BillFields.InvoiceDate));
        Assert.Equal("2017-12-03", Read(lines, BillFields.DueDate));
    }

    [Fact]
    public void Extract_SlashedDatesDayFirstEvidence_StaysDayFirst() =>
        Assert.Equal("2017-03-11", Read(["Date de facture  11/03/2017", "Paiement  17/11/2017"], BillFields.InvoiceDate));

    [Fact]
    public void Extract_DottedDates_NeverMonthFirst() =>
        Assert.Equal("2017-03-11", Read(["Rechnungsdatum  11.03.2017", "Payment  11/17/2017"], BillFields.InvoiceDate));

    [Fact]
    public void Extract_DuePayableAndRemitUntil_GrossAndDueDate()
    {
        string[] lines = ["Invoice # RE-20190610/507 issued at 2019-06-10", "Net total: 496.00 €", "VAT total: 75.04 €", "Due payable: 571.04 €",
            "Please remit until 2019-07-01."];
        Assert.Equal("571.04", Read(lines, BillFields.GrossAmount));
        Assert.Equal("75.04", Read(lines, BillFields.VatAmount));
        Assert.Equal("2019-07-01", Read(lines, BillFields.DueDate));
        Assert.Equal("2019-06-10", Read(lines, BillFields.InvoiceDate));
    }

    [Fact]
    public void Extract_TotalTaxesBetweenRateLines_VatIsTheTotal()
    {
        string[] lines = ["TVA : FR11999999998 - SIRET : 99999999800010 - SARL au capital de 120 000,00 €", "Total HT  624,90 €",
            "TVA collectée (vente) 20,0%  81,90 €  16,38 €", "Total taxes  46,25 €", "TVA collectée (vente) 5,5%  543,00 €  29,87 €", "Total TTC  671,15 €"];
        Assert.Equal("624.90", Read(lines, BillFields.NetAmount));
        Assert.Equal("46.25", Read(lines, BillFields.VatAmount));
        Assert.Equal("671.15", Read(lines, BillFields.GrossAmount));
    }

    [Fact]
    public void Extract_TwoRatesNoTotalLine_VatSummedOverRateLines()
    {
        string[] lines = ["USt-IdNr. DE123456789 Stammkapital 25 000,00 €", "Summe netto  1.000,00", "USt 19 %  500,00  95,00",
            "USt 7 %  500,00  35,00", "Gesamtbetrag  1.130,00"];
        Assert.Equal("130.00", Read(lines, BillFields.VatAmount));
    }

    [Fact]
    public void Extract_LetterheadWithDashes_NameIsTheFirmSegment() =>
        Assert.Equal("Au bon moulin SARL", Read(["Au bon moulin SARL - 1242 chemin de l'olive - 84340 Malaucène - France"], BillFields.SupplierName));

    [Fact]
    public void Extract_NameValueWrappedAboveLabel_JoinedName()
    {
        // x positions as the ZUGFeRD visualisation places them: labels at 40, values at 300.
        List<TextLine> lines =
        [
            Line(1, (40, "Verkäufer")),
            Line(1, (40, "Nummer:"), (300, "549910")),
            Line(1, (300, "MVM"), (326, "Musterhafter")),
            Line(1, (40, "Name:"), (300, "Versicherungsverein"), (410, "Musterstadt"), (475, "a.G.")),
            Line(1, (40, "Anschrift:"), (300, "Musterstr."), (360, "12")),
        ];
        Assert.Equal("MVM Musterhafter Versicherungsverein Musterstadt a.G.", Value(lines, BillFields.SupplierName));
    }

    [Fact]
    public void Extract_LineAboveNameNotAligned_NotJoined()
    {
        List<TextLine> lines =
        [
            Line(1, (40, "Verkäufer")),
            Line(1, (40, "Lieferant")),
            Line(1, (40, "Name:"), (300, "Lieferant"), (352, "GmbH")),
        ];
        Assert.Equal("Lieferant GmbH", Value(lines, BillFields.SupplierName));
    }

    [Fact]
    public void Extract_LabelledIbanTooShort_KeptWithNearZeroConfidence()
    {
        var field = BillTextExtractor.Extract(Lines(["Kontoname :  Global Supplies Financial Services", "IBAN :  DE12 1234 4321 9876 00"]), ReadSource.TextLayer)
            .Single(f => f.Name == BillFields.Iban);
        Assert.Equal("DE1212344321987600", field.Value);
        Assert.True(field.Confidence <= 0.1m);
    }

    [Fact]
    public void Extract_ValidIban_NotDowngradedByLabelRule()
    {
        var field = BillTextExtractor.Extract(Lines(["IBAN DE88200800000970375700"]), ReadSource.TextLayer).Single(f => f.Name == BillFields.Iban);
        Assert.Equal("DE88200800000970375700", field.Value);
        Assert.Equal(0.95m, field.Confidence);
    }

    private static string? Read(string[] lines, string field) => Value(Lines(lines), field);

    private static string? Value(IReadOnlyList<TextLine> lines, string field) =>
        BillTextExtractor.Extract(lines, ReadSource.TextLayer).FirstOrDefault(f => f.Name == field)?.Value;

    // Each word 6 units per character; a column gap ("  ") becomes a wide gap, so the line reads back as written.
    private static List<TextLine> Lines(string[] lines) => [.. lines.Select(text =>
    {
        var words = new List<PlacedWord>();
        double x = 0;
        foreach (var column in text.Split("  "))
        {
            foreach (var word in column.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                words.Add(new PlacedWord(word, x, x + 6 * word.Length, 1m));
                x += 6 * word.Length + 6;
            }
            x += 40;
        }
        return TextLine.From(1, words);
    })];

    private static TextLine Line(int page, params (double Left, string Text)[] words) =>
        TextLine.From(page, [.. words.Select(w => new PlacedWord(w.Text, w.Left, w.Left + 6 * w.Text.Length, 1m))]);
}
