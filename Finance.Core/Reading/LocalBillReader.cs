using System.Diagnostics;
using System.Text.RegularExpressions;
using Finance.Core.Invoicing.QrBill;
using Finance.Core.Reading.Extraction;
using Finance.Core.Reading.Tools;
using Microsoft.Extensions.Options;
using UglyToad.PdfPig;

namespace Finance.Core.Reading;

/// <summary>
/// Reads a bill on this machine, cheapest sure source first: Factur-X XML and the text layer come from the PDF itself;
/// pages are rasterised only where a QR-bill may be (its slip's words, or no text at all) or text must be recognised;
/// Tesseract runs only on pages without a text layer. Every field keeps its source and confidence.
/// </summary>
public sealed partial class LocalBillReader(PdfRasterizer rasterizer, TesseractOcr ocr, IOptions<ReadingOptions> options) : IBillReader
{
    private const int MinTextLayerChars = 20;

    public async Task<BillReading> ReadAsync(ReadOnlyMemory<byte> content, InspectedDocument document, CancellationToken cancellationToken)
    {
        using var activity = ReadingDiagnostics.Start(document, "local");
        var clock = Stopwatch.StartNew();
        var state = new ReadState();
        using var workspace = new ToolWorkspace();
        if (document.Kind == DocumentKind.Pdf) await ReadPdfAsync(content, workspace, state, cancellationToken);
        else await ReadImageAsync(content, document, workspace, state, cancellationToken);
        var text = state.Lines.Count == 0 ? null : string.Join("\n", state.Lines.Select(l => l.Text));
        var reading = BillReadingBuilder.Build(state.Fields, state.Notes, document.Pages, text);
        ReadingDiagnostics.Finish(activity, reading, clock.Elapsed);
        return reading;
    }

    private async Task ReadPdfAsync(ReadOnlyMemory<byte> content, ToolWorkspace workspace, ReadState state, CancellationToken cancellationToken)
    {
        List<int> scanned = [], slips = [];
        int pageCount;
        using (var pdf = PdfDocument.Open(content.ToArray(), new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true }))
        {
            pageCount = pdf.NumberOfPages;
            if (options.Value.ReadEmbeddedXml && FacturXReader.Find(pdf) is { } xml)
            {
                state.Fields.AddRange(FacturXReader.Fields(xml));
                state.Notes.Add("Factur-X / ZUGFeRD XML embedded in the PDF was read.");
            }
            var layer = new List<TextLine>();
            foreach (var page in pdf.GetPages())
            {
                var lines = PdfTextLayer.Lines(page);
                if (lines.Sum(l => l.Text.Length) < MinTextLayerChars) scanned.Add(page.Number);
                else if (lines.Any(l => SlipWords().IsMatch(l.Text))) slips.Add(page.Number);
                layer.AddRange(lines);
            }
            state.Lines.AddRange(layer);
            if (layer.Count > 0) state.Fields.AddRange(BillTextExtractor.Extract(layer, ReadSource.TextLayer));
        }
        // A Swiss bill whose slip words we did not see (drawn as an image, say): its last page is where the slip belongs.
        if (slips.Count == 0 && scanned.Count == 0 && state.Fields.Any(f => f.Name == BillFields.Currency && f.Value == "CHF" || f.Name == BillFields.Iban && f.Value.StartsWith("CH", StringComparison.Ordinal)))
            slips.Add(pageCount);
        if (slips.Count == 0 && scanned.Count == 0) return;

        var path = workspace.File("document.pdf");
        await File.WriteAllBytesAsync(path, content, cancellationToken);
        var ocrLines = new List<TextLine>();
        foreach (var page in slips.Concat(scanned).Distinct().OrderByDescending(p => p))
        {
            var png = await rasterizer.RenderAsync(path, page, workspace, cancellationToken);
            // As for an image upload: Tesseract reads the page in its own process while the QR search runs here.
            var recognised = scanned.Contains(page) ? ocr.ReadAsync(png, page, cancellationToken) : Task.FromResult<IReadOnlyList<TextLine>>([]);
            var image = state.HasQrBill ? null : GreyImage.Decode(await File.ReadAllBytesAsync(png, cancellationToken));
            if (image is not null) FindQrBill(QrCodeScanner.Decode(image, slipSeen: slips.Contains(page)), page, state);
            var lines = await recognised;
            // The quick search passed over a page whose recognised words name a slip: search it in full.
            if (image is not null && !state.HasQrBill && !slips.Contains(page) && HasSlipWords(lines))
                FindQrBill(QrCodeScanner.Decode(image, slipSeen: true), page, state);
            ocrLines.InsertRange(0, lines);
            File.Delete(png);
        }
        AddOcr(ocrLines, state);
    }

    private async Task ReadImageAsync(ReadOnlyMemory<byte> content, InspectedDocument document, ToolWorkspace workspace, ReadState state, CancellationToken cancellationToken)
    {
        var path = workspace.File("page." + document.Kind.ToString().ToLowerInvariant());
        await File.WriteAllBytesAsync(path, content, cancellationToken);
        // Tesseract runs in its own process on one thread; the QR search runs here meanwhile, so a scan costs about
        // what its OCR costs, however many pages are searched for the slip.
        var recognised = ocr.ReadAsync(path, 1, cancellationToken);
        foreach (var (page, image) in Pages(content, document))
        {
            FindQrBill(QrCodeScanner.Decode(image), page, state);
            if (state.HasQrBill) break;
        }
        var lines = await recognised;
        // The quick search passed over a page whose words name a slip: search that page in full before giving up.
        if (!state.HasQrBill)
        {
            var slipPages = lines.GroupBy(l => l.Page).Where(HasSlipWords).Select(g => g.Key).ToHashSet();
            foreach (var (page, image) in Pages(content, document).Where(p => slipPages.Contains(p.Page)))
            {
                FindQrBill(QrCodeScanner.Decode(image, slipSeen: true), page, state);
                if (state.HasQrBill) break;
            }
        }
        AddOcr([.. lines], state);
    }

    // Every page of a TIFF (a scanned bill's slip is often its last sheet); a PNG or JPEG is one page.
    private static IEnumerable<(int Page, GreyImage Image)> Pages(ReadOnlyMemory<byte> content, InspectedDocument document) =>
        document.Kind == DocumentKind.Tiff ? TiffPages.Decode(content)
            : GreyImage.Decode(content.Span) is { } image ? [(1, image)] : [];

    private static bool HasSlipWords(IEnumerable<TextLine> lines) => lines.Any(l => SlipWords().IsMatch(l.Text));

    private static void AddOcr(List<TextLine> lines, ReadState state)
    {
        if (lines.Count == 0) return;
        state.Lines.AddRange(lines);
        state.Fields.AddRange(BillTextExtractor.Extract(lines, ReadSource.Ocr));
        state.Notes.Add($"Text recognised by Tesseract on {lines.Select(l => l.Page).Distinct().Count()} page(s).");
    }

    private static void FindQrBill(IReadOnlyList<string> decoded, int page, ReadState state)
    {
        foreach (var text in decoded)
        {
            if (QrBillPayload.TryParse(text, out var bill, out var errors))
            {
                state.Fields.AddRange(QrBillFields.From(bill, page));
                state.Notes.Add($"Swiss QR-bill read on page {page}.");
                state.HasQrBill = true;
                return;
            }
            if (text.StartsWith("SPC", StringComparison.Ordinal))
                state.Notes.Add($"A QR code on page {page} is not a valid QR-bill: {string.Join("; ", errors.Select(e => e.Message))}");
        }
    }

    private sealed class ReadState
    {
        public List<ReadField> Fields { get; } = [];
        public List<string> Notes { get; } = [];
        public List<TextLine> Lines { get; } = [];
        public bool HasQrBill { get; set; }
    }

    // The slip's section titles (SIX IG QR-bill 2.3 §3.5, in its four languages).
    [GeneratedRegex(@"Zahlteil|Empfangsschein|Section paiement|Récépissé|Sezione pagamento|Ricevuta|Payment part|Receipt", RegexOptions.IgnoreCase)]
    private static partial Regex SlipWords();
}
