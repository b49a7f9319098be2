using System.Xml.Linq;
using UglyToad.PdfPig;

namespace Finance.Core.Reading;

/// <summary>
/// Factur-X / ZUGFeRD: the invoice as UN/CEFACT CII XML embedded in the PDF (Factur-X 1.0 §6; file names factur-x.xml,
/// zugferd-invoice.xml, ZUGFeRD-invoice.xml, xrechnung.xml). Elements are found by local name, so ZUGFeRD 1
/// (CrossIndustryDocument) and 2 / Factur-X (CrossIndustryInvoice) read alike. What the XML says is exact (confidence 1).
/// </summary>
internal static class FacturXReader
{
    private static readonly string[] Names = ["factur-x.xml", "zugferd-invoice.xml", "zugferd-invoice", "xrechnung.xml", "order-x.xml"];

    public static XDocument? Find(PdfDocument pdf)
    {
        if (!pdf.Advanced.TryGetEmbeddedFiles(out var files)) return null;
        var file = files.FirstOrDefault(f => Names.Contains(f.Name, StringComparer.OrdinalIgnoreCase))
            ?? files.FirstOrDefault(f => f.Name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase));
        if (file is null) return null;
        try
        {
            using var stream = new MemoryStream(file.Bytes.ToArray());
            var xml = XDocument.Load(stream);
            return xml.Root?.Name.LocalName is "CrossIndustryInvoice" or "CrossIndustryDocument" ? xml : null;
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    public static List<ReadField> Fields(XDocument xml)
    {
        var fields = new List<ReadField>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) fields.Add(new ReadField(name, value.Trim(), 1m, ReadSource.FacturX));
        }
        var root = xml.Root!;
        var document = First(root, "ExchangedDocument", "HeaderExchangedDocument");
        Add(BillFields.InvoiceNumber, Child(document, "ID")?.Value);
        Add(BillFields.InvoiceDate, Date(First(document, "IssueDateTime")));
        var seller = First(root, "SellerTradeParty");
        Add(BillFields.SupplierName, Child(seller, "Name")?.Value);
        Add(BillFields.SupplierAddress, Address(Child(seller, "PostalTradeAddress")));
        var registrations = seller?.Elements().Where(e => e.Name.LocalName == "SpecifiedTaxRegistration").Select(r => Child(r, "ID")).OfType<XElement>().ToList() ?? [];
        Add(BillFields.SupplierVatNumber, registrations.FirstOrDefault(r => (string?)r.Attribute("schemeID") == "VA")?.Value);
        Add(BillFields.DebtorName, Child(First(root, "BuyerTradeParty"), "Name")?.Value);
        var settlement = First(root, "ApplicableHeaderTradeSettlement", "ApplicableSupplyChainTradeSettlement");
        Add(BillFields.Currency, Child(settlement, "InvoiceCurrencyCode")?.Value);
        Add(BillFields.Iban, First(settlement, "IBANID")?.Value.Replace(" ", "", StringComparison.Ordinal));
        Add(BillFields.Reference, Child(settlement, "PaymentReference")?.Value);
        Add(BillFields.DueDate, Date(First(First(settlement, "SpecifiedTradePaymentTerms"), "DueDateDateTime")));
        var totals = First(settlement, "SpecifiedTradeSettlementHeaderMonetarySummation", "SpecifiedTradeSettlementMonetarySummation");
        Add(BillFields.NetAmount, Child(totals, "TaxBasisTotalAmount")?.Value);
        Add(BillFields.VatAmount, totals?.Elements().FirstOrDefault(e => e.Name.LocalName == "TaxTotalAmount")?.Value);
        Add(BillFields.GrossAmount, Child(totals, "GrandTotalAmount")?.Value);
        var taxes = settlement?.Elements().Where(e => e.Name.LocalName == "ApplicableTradeTax").Select(t => (
            Rate: Number(Child(t, "RateApplicablePercent") ?? Child(t, "ApplicablePercent")), Net: Number(Child(t, "BasisAmount")), Vat: Number(Child(t, "CalculatedAmount"))))
            .Where(t => t.Rate is not null && t.Net is not null && t.Vat is not null).Select(t => (t.Rate!.Value, t.Net!.Value, t.Vat!.Value)).ToList() ?? [];
        if (taxes.Count > 0) Add(BillFields.VatBreakdown, Extraction.Amounts.Breakdown(taxes));
        var rates = settlement?.Elements().Where(e => e.Name.LocalName == "ApplicableTradeTax")
            .Select(t => Child(t, "RateApplicablePercent") ?? Child(t, "ApplicablePercent")).OfType<XElement>().Select(r => r.Value.Trim()).Distinct().ToList() ?? [];
        if (rates.Count == 1) Add(BillFields.VatRate, decimal.Parse(rates[0], System.Globalization.CultureInfo.InvariantCulture).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture));
        return fields;
    }

    private static decimal? Number(XElement? element) =>
        decimal.TryParse(element?.Value.Trim(), System.Globalization.NumberStyles.Number | System.Globalization.NumberStyles.AllowLeadingSign,
            System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;

    private static XElement? First(XElement? scope, params string[] names) =>
        scope?.Descendants().FirstOrDefault(e => names.Contains(e.Name.LocalName));

    private static XElement? Child(XElement? scope, string name) => scope?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    // udt:DateTimeString format="102" is CCYYMMDD (UN/CEFACT code list 2379).
    private static string? Date(XElement? dateTime) =>
        First(dateTime, "DateTimeString")?.Value.Trim() is { Length: 8 } s ? $"{s[..4]}-{s[4..6]}-{s[6..]}" : null;

    private static string? Address(XElement? address)
    {
        if (address is null) return null;
        string? V(string name) => Child(address, name)?.Value.Trim();
        var lines = new[] { V("LineOne"), V("LineTwo"), string.Join(" ", new[] { V("PostcodeCode"), V("CityName") }.Where(s => !string.IsNullOrEmpty(s))), V("CountryID") };
        return string.Join("\n", lines.Where(l => !string.IsNullOrEmpty(l)));
    }
}
