using System.Globalization;
using System.Xml.Linq;
using Finance.Core.Reading;

namespace Finance.Bench;

/// <summary>Ground truth for the reading bench: the CII XML embedded in the corpus PDFs (fixtures/README.md), read with
/// PdfPig's attachment list and LINQ to XML, apart from the reader measured.</summary>
internal static class ReadingTruth
{
    /// <summary>The fields issue 12's text-layer target names: invoice number, dates, gross amount, currency.</summary>
    public static readonly IReadOnlySet<string> TargetFields = new HashSet<string>(StringComparer.Ordinal)
        { BillFields.InvoiceNumber, BillFields.InvoiceDate, BillFields.DueDate, BillFields.GrossAmount, BillFields.Currency };

    public static IEnumerable<(string Path, Dictionary<string, string> Fields)> Corpus(string fixtures) =>
        Directory.EnumerateFiles(Path.Combine(fixtures, "invoices", "zugferd-corpus"), "*.pdf", SearchOption.AllDirectories).Order()
            .Select(p => (p, Root: Embedded(p))).Where(x => x.Root?.Name.LocalName == "CrossIndustryInvoice").Select(x => (x.p, Fields(x.Root!)));

    public static bool Same(string field, string expected, string? actual) =>
        field.StartsWith("amount.", StringComparison.Ordinal) && field != BillFields.Currency
            ? decimal.TryParse(actual, NumberStyles.Number | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var a) && a == decimal.Parse(expected, CultureInfo.InvariantCulture)
            : Words(expected) == Words(actual);

    private static string Words(string? text) => string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static XElement? Embedded(string path)
    {
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(path);
        if (!pdf.Advanced.TryGetEmbeddedFiles(out var files) || files.FirstOrDefault(f => f.Name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)) is not { } file) return null;
        using var stream = new MemoryStream(file.Bytes.ToArray());
        return XDocument.Load(stream).Root;
    }

    private static Dictionary<string, string> Fields(XElement root)
    {
        XElement? Find(XElement? scope, string local) => scope?.Descendants().FirstOrDefault(e => e.Name.LocalName == local);
        var truth = new Dictionary<string, string>();
        void Put(string field, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) truth[field] = value.Trim();
        }
        string? Iso(string? s) => s is { Length: 8 } ? $"{s[..4]}-{s[4..6]}-{s[6..]}" : null;
        var document = Find(root, "ExchangedDocument");
        Put(BillFields.InvoiceNumber, document?.Elements().First(e => e.Name.LocalName == "ID").Value);
        Put(BillFields.InvoiceDate, Iso(Find(Find(document, "IssueDateTime"), "DateTimeString")?.Value.Trim()));
        Put(BillFields.SupplierName, Find(root, "SellerTradeParty")?.Elements().First(e => e.Name.LocalName == "Name").Value);
        var settlement = Find(root, "ApplicableHeaderTradeSettlement");
        Put(BillFields.Currency, Find(settlement, "InvoiceCurrencyCode")?.Value);
        Put(BillFields.Iban, Find(settlement, "IBANID")?.Value.Replace(" ", "", StringComparison.Ordinal));
        Put(BillFields.DueDate, Iso(Find(Find(settlement, "DueDateDateTime"), "DateTimeString")?.Value.Trim()));
        var totals = Find(settlement, "SpecifiedTradeSettlementHeaderMonetarySummation");
        Put(BillFields.NetAmount, Find(totals, "TaxBasisTotalAmount")?.Value);
        Put(BillFields.VatAmount, Find(totals, "TaxTotalAmount")?.Value);
        Put(BillFields.GrossAmount, Find(totals, "GrandTotalAmount")?.Value);
        return truth;
    }
}
