using System.Globalization;
using System.Xml.Linq;
using Finance.Core.Reading;

namespace Finance.Tests.Reading;

/// <summary>The ZUGFeRD corpus' PDFs with CII XML embedded (fixtures/README.md: the embedded XML is the ground truth
/// for what the PDF shows; a side-car file may be another version of the invoice), read here with PdfPig's attachment
/// list and plain LINQ to XML, apart from the reader under test.</summary>
internal static class CorpusTruth
{
    private static readonly Lazy<Dictionary<string, XElement>> Roots = new(() =>
        Directory.EnumerateFiles(Reading.CorpusPath(), "*.pdf", SearchOption.AllDirectories).Order()
            .Select(path => (Name: Path.GetRelativePath(Reading.CorpusPath(), path), Root: Embedded(path)))
            .Where(x => x.Root?.Name.LocalName == "CrossIndustryInvoice").ToDictionary(x => x.Name, x => x.Root!));

    public static IEnumerable<string> Names() => Roots.Value.Keys;

    public static string Pdf(string name) => Reading.CorpusPath(name);

    private static XElement? Embedded(string path)
    {
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(path);
        if (!pdf.Advanced.TryGetEmbeddedFiles(out var files) || files.FirstOrDefault(f => f.Name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)) is not { } file) return null;
        using var stream = new MemoryStream(file.Bytes.ToArray());
        return XDocument.Load(stream).Root;
    }

    public static Dictionary<string, string> Fields(string name)
    {
        var root = Roots.Value[name];
        XElement? Find(XElement? scope, string local) => scope?.Descendants().FirstOrDefault(e => e.Name.LocalName == local);
        var truth = new Dictionary<string, string>();
        void Put(string field, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) truth[field] = value.Trim();
        }
        var document = Find(root, "ExchangedDocument");
        Put(BillFields.InvoiceNumber, document?.Elements().First(e => e.Name.LocalName == "ID").Value);
        Put(BillFields.InvoiceDate, Iso(Find(Find(document, "IssueDateTime"), "DateTimeString")?.Value));
        Put(BillFields.SupplierName, Find(root, "SellerTradeParty")?.Elements().First(e => e.Name.LocalName == "Name").Value);
        var settlement = Find(root, "ApplicableHeaderTradeSettlement");
        Put(BillFields.Currency, Find(settlement, "InvoiceCurrencyCode")?.Value);
        Put(BillFields.Iban, Find(settlement, "IBANID")?.Value.Replace(" ", "", StringComparison.Ordinal));
        Put(BillFields.DueDate, Iso(Find(Find(settlement, "DueDateDateTime"), "DateTimeString")?.Value));
        var totals = Find(settlement, "SpecifiedTradeSettlementHeaderMonetarySummation");
        Put(BillFields.NetAmount, Money(Find(totals, "TaxBasisTotalAmount")?.Value));
        Put(BillFields.VatAmount, Money(Find(totals, "TaxTotalAmount")?.Value));
        Put(BillFields.GrossAmount, Money(Find(totals, "GrandTotalAmount")?.Value));
        return truth;
    }

    /// <summary>Amounts compare as numbers (the XML may write 529.870), everything else as text.</summary>
    public static bool Same(string field, string expected, string? actual) =>
        field.StartsWith("amount.", StringComparison.Ordinal) && field != BillFields.Currency
            ? decimal.TryParse(actual, NumberStyles.Number | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var a) && a == decimal.Parse(expected, CultureInfo.InvariantCulture)
            : Words(expected) == Words(actual);

    private static string Words(string? text) => string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string? Iso(string? yyyymmdd) => yyyymmdd is { Length: 8 } s ? $"{s[..4]}-{s[4..6]}-{s[6..]}" : null;

    private static string? Money(string? value) => value is null ? null : decimal.Parse(value, CultureInfo.InvariantCulture).ToString("0.00", CultureInfo.InvariantCulture);
}
