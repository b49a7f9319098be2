using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Finance.Core.Documents;
using Finance.Core.Invoicing.QrBill;
using Finance.Core.Reading;
using Finance.Core.Reading.Tools;
using Microsoft.Extensions.Options;

namespace Finance.Bench;

/// <summary>
/// Reading accuracy and speed (issue 12, "Measure"): QR-bills rendered from the shared vectors; the ZUGFeRD corpus read
/// from its text layer (embedded XML switched off, the XML is the truth); the same corpus scanned (make_scans.py: 150 and
/// 300 dpi, turned, noisy TIFFs) read by the pipeline beside the raw tesseract CLI on the same pages. Text accuracy is
/// given over every field the XML holds and over the target's fields alone (issue 12: number, dates, gross, currency).
/// </summary>
internal static class ReadingBench
{
    public static int List(string[] args)
    {
        foreach (var (path, _) in ReadingTruth.Corpus(args[0]).Take(int.Parse(args[1], CultureInfo.InvariantCulture))) Console.WriteLine(path);
        return 0;
    }

    /// <summary>Writes the QR-bill PDFs of the vectors the bench reads (make_scans.py scans them): one file per vector id.</summary>
    public static int QrBills(string[] args)
    {
        Directory.CreateDirectory(args[1]);
        foreach (var (id, bill) in QrVectors(args[0])) File.WriteAllBytes(Path.Combine(args[1], $"qr-{id}.pdf"), QrBillRenderer.RenderPdf(bill, "de"));
        return 0;
    }

    /// <summary>The lines the text-layer reader saw in one file and the fields it read: what a miss is looked into with.</summary>
    public static async Task<int> TextAsync(string[] args)
    {
        var options = new ReadingOptions { ReadEmbeddedXml = false };
        var pdf = File.ReadAllBytes(args[0]);
        var reading = await Reader(options).ReadAsync(pdf, new DocumentInspector(Options.Create(options)).Inspect(pdf), CancellationToken.None);
        Console.WriteLine(reading.Text);
        foreach (var field in reading.Fields) Console.WriteLine($"# {field.Name} = {field.Value} ({field.Confidence}, {field.Source})");
        return 0;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var (fixtures, scans) = (args[0], args[1]);
        var options = new ReadingOptions();
        var inspector = new DocumentInspector(Options.Create(options));
        var reader = Reader(options);
        var textOnly = Reader(new ReadingOptions { ReadEmbeddedXml = false });

        var qr = new Score();
        foreach (var (_, bill) in QrVectors(fixtures))
        {
            var pdf = QrBillRenderer.RenderPdf(bill, "de");
            var reading = await reader.ReadAsync(pdf, inspector.Inspect(pdf), CancellationToken.None);
            qr.Add(reading.Value(BillFields.SupplierName) == bill.Creditor.Name, reading.Value(BillFields.Iban) == bill.Account,
                reading.Value(BillFields.GrossAmount) == bill.Amount?.ToString("0.00", CultureInfo.InvariantCulture), reading.Value(BillFields.Currency) == bill.Currency,
                string.Equals(reading.Value(BillFields.ReferenceType), bill.ReferenceType.ToString(), StringComparison.OrdinalIgnoreCase),
                bill.Reference is null || reading.Value(BillFields.Reference) == bill.Reference, bill.Debtor is null || reading.Value(BillFields.DebtorName) == bill.Debtor.Name);
        }

        var text = new Score();
        var textKey = new Score();
        var truths = ReadingTruth.Corpus(fixtures).ToDictionary(c => Path.GetFileNameWithoutExtension(c.Path), c => c);
        foreach (var (path, truth) in truths.Values)
        {
            var pdf = File.ReadAllBytes(path);
            var reading = await textOnly.ReadAsync(pdf, inspector.Inspect(pdf), CancellationToken.None);
            text.Add([.. truth.Select(t => ReadingTruth.Same(t.Key, t.Value, reading.Value(t.Key)))]);
            textKey.Add([.. truth.Where(t => ReadingTruth.TargetFields.Contains(t.Key)).Select(t => ReadingTruth.Same(t.Key, t.Value, reading.Value(t.Key)))]);
            Misses("text", path, truth, reading);
        }

        var scan = new Score();
        double ours = 0, raw = 0;
        var pages = 0;
        foreach (var tif in Directory.EnumerateFiles(scans, "*.tif").Order())
        {
            var truth = truths[Path.GetFileNameWithoutExtension(tif).Split('@')[0]].Fields;
            var bytes = File.ReadAllBytes(tif);
            var clock = Stopwatch.StartNew();
            var document = inspector.Inspect(bytes);
            var reading = await reader.ReadAsync(bytes, document, CancellationToken.None);
            ours += clock.Elapsed.TotalSeconds;
            pages += document.Pages;
            scan.Add([.. truth.Select(t => ReadingTruth.Same(t.Key, t.Value, reading.Value(t.Key)))]);
            Misses("scan", tif, truth, reading);
            clock.Restart();
            await new ToolRunner(Options.Create(options)).RunCheckedAsync("tesseract", [tif, "stdout", "-l", options.OcrLanguages, "--psm", "4", "tsv"],
                new ToolRun { Environment = new Dictionary<string, string> { ["OMP_THREAD_LIMIT"] = "1" } });
            raw += clock.Elapsed.TotalSeconds;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"qr_field_accuracy={qr.Accuracy:F3} qr_fields={qr.Total} text_field_accuracy={text.Accuracy:F3} text_fields={text.Total} text_target_field_accuracy={textKey.Accuracy:F3} text_target_fields={textKey.Total} scan_field_accuracy={scan.Accuracy:F3} scan_fields={scan.Total} scanned_pages={pages} s_per_scanned_page={ours / Math.Max(1, pages):F2} tesseract_s_per_page={raw / Math.Max(1, pages):F2}"));
        return 0;
    }

    // The vectors our renderer can draw (structured addresses: combined ones are not issuable today).
    private static IEnumerable<(string Id, QrBill Bill)> QrVectors(string fixtures) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(fixtures, "qr-bill", "qr-bill-test-vectors.json")))!["payloads"]!.AsArray()
            .Select(v => ((string)v!["id"]!, QrBillPayload.Parse((string)v["payload_text"]!)))
            .Where(v => v.Item2.Creditor.Type != QrAddressType.Combined && v.Item2.Debtor?.Type != QrAddressType.Combined);

    // The miss list, one "#" line per wrong field on stderr (run.sh shows it above RESULT): what to improve next.
    private static void Misses(string kind, string path, Dictionary<string, string> truth, BillReading reading)
    {
        foreach (var (field, expected) in truth.Where(t => !ReadingTruth.Same(t.Key, t.Value, reading.Value(t.Key))))
            Console.Error.WriteLine($"# miss {kind} {Path.GetFileName(path)} {field} expected=[{expected}] read=[{reading.Value(field)}]");
    }

    private static LocalBillReader Reader(ReadingOptions options)
    {
        var o = Options.Create(options);
        var runner = new ToolRunner(o);
        return new LocalBillReader(new PdfRasterizer(runner, o), new TesseractOcr(runner, o), o);
    }

    private static string? Value(this BillReading reading, string name) => reading[name]?.Value;

    private sealed class Score
    {
        public int Right { get; private set; }
        public int Total { get; private set; }
        public double Accuracy => Total == 0 ? 0 : (double)Right / Total;

        public void Add(params bool[] checks)
        {
            Total += checks.Length;
            Right += checks.Count(c => c);
        }
    }
}
