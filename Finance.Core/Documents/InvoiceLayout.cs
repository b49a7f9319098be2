using System.Globalization;
using SkiaSharp;
using static Finance.Core.Documents.Pdf;

namespace Finance.Core.Documents;

/// <summary>Geometry of the invoice page and the page plan: which lines go on which page, where the
/// totals go, and whether the QR-bill fits at the foot of the last page or needs a page of its own.</summary>
internal static class InvoiceLayout
{
    public static readonly float Left = Mm(20), Right = Mm(195), Bottom = A4Height - Mm(18);
    public static readonly float FirstTableTop = Mm(120), NextTableTop = Mm(28);
    public const float RowFontSize = 9, RowLeading = 11.5f;
    public static readonly float DescriptionWidth = Mm(80);

    // Right edges of the numeric columns: quantity, unit price, discount, VAT rate, amount.
    public static readonly float[] NumberColumns = [Mm(118), Mm(143), Mm(158), Mm(173), Right];

    public sealed record Page(int FirstLine, int LineCount, float SummaryTop, bool HasSummary, bool HasSlip);

    /// <summary>The document's wrapped text, wrapped once for both the plan and the drawing: each line's
    /// description, and the payment terms (null for none).</summary>
    public sealed record WrappedText(IReadOnlyList<List<string>> Rows, List<string>? Terms);

    public static WrappedText Wrap(InvoiceDocument doc, SKFont font) => new(
        [.. doc.Lines.Select(l => TextLayout.Wrap(l.Description, font, DescriptionWidth))],
        doc.PaymentTerms is null ? null : TextLayout.Wrap(doc.PaymentTerms, font, Right - Left));

    private static float SummaryHeight(InvoiceDocument doc, List<string>? terms) =>
        RowLeading * (4 + doc.Totals.Vat.Count)
        + (terms is null ? 0 : RowLeading * (1.5f + terms.Count));

    public static List<Page> Plan(InvoiceDocument doc, WrappedText text)
    {
        var pages = new List<Page>();
        var summaryHeight = SummaryHeight(doc, text.Terms);
        var line = 0;
        var top = FirstTableTop + RowLeading * 1.5f; // below the header row
        while (true)
        {
            var first = line;
            var y = top;
            while (line < doc.Lines.Count && y + text.Rows[line].Count * RowLeading <= Bottom)
                y += text.Rows[line++].Count * RowLeading;
            if (line < doc.Lines.Count) { pages.Add(new(first, line - first, 0, false, false)); top = NextTableTop + RowLeading * 1.5f; continue; }

            var summaryTop = y + RowLeading;
            var summaryFits = summaryTop + summaryHeight <= Bottom;
            if (!summaryFits) { pages.Add(new(first, line - first, 0, false, false)); first = line; summaryTop = NextTableTop; }
            var end = summaryTop + summaryHeight;
            var slipFits = doc.QrBill is null || end <= A4Height - Mm(QrBillRenderer.SlipHeightMm) - Mm(5);
            pages.Add(new(first, line - first, summaryTop, true, doc.QrBill is not null && slipFits));
            if (!slipFits) pages.Add(new(line, 0, 0, false, true));
            return pages;
        }
    }

    private static readonly NumberFormatInfo Swiss = new() { NumberGroupSeparator = "'", NumberDecimalSeparator = ".", NumberGroupSizes = [3] };

    /// <summary>Swiss notation, "1'234.50", for every language: the bills go to Swiss customers.</summary>
    public static string Money(decimal value) => value.ToString("N2", Swiss);

    public static string Number(decimal value) => value.ToString("#,0.###", Swiss);

    public static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
}
