using Finance.Core.Invoicing.QrBill;
using SkiaSharp;
using static Finance.Core.Documents.InvoiceLayout;
using static Finance.Core.Documents.Pdf;

namespace Finance.Core.Documents;

/// <summary>Renders an <see cref="InvoiceDocument"/> as an A4 PDF: header, address, line table flowing
/// over as many pages as needed, VAT summary and totals, and the QR-bill at the foot of the last page.</summary>
public static class InvoicePdfRenderer
{
    /// <exception cref="QrBillException">The QR-bill is invalid; no PDF is produced.</exception>
    public static byte[] Render(InvoiceDocument doc)
    {
        using var output = new MemoryStream();
        Render(doc, output);
        return output.ToArray();
    }

    /// <inheritdoc cref="Render(InvoiceDocument)"/>
    public static void Render(InvoiceDocument doc, Stream output)
    {
        // Validate before the first byte is written: an invalid bill must not yield a half document.
        var payload = doc.QrBill is null ? null : QrBillPayload.Build(doc.QrBill);
        var t = InvoiceTexts.For(doc.Language);
        using var fonts = new Fonts(DocumentFonts.For(Texts(doc, t)));
        var text = Wrap(doc, fonts.Row);
        var pages = Plan(doc, text);

        using var document = Create(output, $"{t.Invoice} {doc.Number}");
        for (var p = 0; p < pages.Count; p++)
        {
            var canvas = document.BeginPage(A4Width, A4Height);
            var page = pages[p];
            var top = p == 0 ? Header(canvas, doc, t, fonts) : ContinuationHeader(canvas, doc, t, fonts);
            canvas.DrawText($"{t.Page} {p + 1}/{pages.Count}", Right, Mm(12), SKTextAlign.Right, fonts.Small, fonts.Ink);
            if (page.LineCount > 0) Table(canvas, doc, text.Rows, t, fonts, page, top);
            if (page.HasSummary) Summary(canvas, doc, text.Terms, t, fonts, page.SummaryTop);
            if (page.HasSlip) QrBillRenderer.DrawSlip(canvas, doc.QrBill!, payload!, doc.Language, A4Height - Mm(QrBillRenderer.SlipHeightMm), fonts.Set);
            document.EndPage();
        }
        document.Close();
    }

    private static float Header(SKCanvas c, InvoiceDocument doc, InvoiceTexts t, Fonts f)
    {
        var y = Mm(20);
        c.DrawText(doc.Company.Name, Left, y, SKTextAlign.Left, f.Company, f.Ink);
        y += 14;
        foreach (var line in doc.Company.AddressLines.Append($"{t.VatNumber} {doc.Company.VatNumber}").Concat(doc.Company.Contact is { } k ? [k] : []))
        {
            c.DrawText(line, Left, y, SKTextAlign.Left, f.Small, f.Ink);
            y += 10;
        }
        // Customer address in the right-hand window of a C5/C6 envelope (SN 010130).
        y = Mm(52);
        foreach (var line in doc.Customer.Lines.Prepend(doc.Customer.Name))
        {
            c.DrawText(line, Mm(118), y, SKTextAlign.Left, f.Body, f.Ink);
            y += 12.5f;
        }
        c.DrawText($"{t.Invoice} {doc.Number}", Left, Mm(92), SKTextAlign.Left, f.Title, f.Ink);
        (string, string)[] meta = [(t.Number, doc.Number), (t.Date, Date(doc.IssueDate)), (t.DueDate, Date(doc.DueDate))];
        for (var i = 0; i < meta.Length; i++)
        {
            c.DrawText(meta[i].Item1, Left, Mm(100) + i * 12, SKTextAlign.Left, f.Body, f.Ink);
            c.DrawText(meta[i].Item2, Left + Mm(35), Mm(100) + i * 12, SKTextAlign.Left, f.Body, f.Ink);
        }
        return FirstTableTop;
    }

    private static float ContinuationHeader(SKCanvas c, InvoiceDocument doc, InvoiceTexts t, Fonts f)
    {
        c.DrawText($"{doc.Company.Name} · {t.Invoice} {doc.Number} ({t.Continued})", Left, Mm(18), SKTextAlign.Left, f.Small, f.Ink);
        return NextTableTop;
    }

    private static void Table(SKCanvas c, InvoiceDocument doc, IReadOnlyList<List<string>> rows, InvoiceTexts t, Fonts f, InvoiceLayout.Page page, float top)
    {
        string[] headings = [t.Quantity, t.UnitPrice, t.Discount, t.Vat, t.Amount];
        c.DrawText(t.Description, Left, top, SKTextAlign.Left, f.RowBold, f.Ink);
        for (var i = 0; i < headings.Length; i++) c.DrawText(headings[i], NumberColumns[i], top, SKTextAlign.Right, f.RowBold, f.Ink);
        c.DrawLine(Left, top + 4, Right, top + 4, f.Rule);
        var y = top + RowLeading * 1.5f;
        for (var n = page.FirstLine; n < page.FirstLine + page.LineCount; n++)
        {
            var line = doc.Lines[n];
            string[] cells = [Number(line.Quantity), Money(line.UnitPrice), line.DiscountPercent == 0 ? "" : $"{Number(line.DiscountPercent)} %",
                $"{Number(line.VatRatePercent)} %", Money(line.Amount)];
            for (var i = 0; i < cells.Length; i++) c.DrawText(cells[i], NumberColumns[i], y, SKTextAlign.Right, f.Row, f.Ink);
            foreach (var text in rows[n])
            {
                c.DrawText(text, Left, y, SKTextAlign.Left, f.Row, f.Ink);
                y += RowLeading;
            }
        }
    }

    private static void Summary(SKCanvas c, InvoiceDocument doc, List<string>? terms, InvoiceTexts t, Fonts f, float top)
    {
        var y = top;
        var labelX = Mm(118);
        c.DrawLine(labelX, y - 9, Right, y - 9, f.Rule);
        void Row(string label, string value, SKFont font)
        {
            c.DrawText(label, labelX, y, SKTextAlign.Left, font, f.Ink);
            c.DrawText(value, Right, y, SKTextAlign.Right, font, f.Ink);
            y += RowLeading;
        }
        Row(t.NetTotal, $"{doc.Currency} {Money(doc.Totals.NetTotal)}", f.Row);
        foreach (var v in doc.Totals.Vat) Row(string.Format(System.Globalization.CultureInfo.InvariantCulture, t.VatOn, Number(v.RatePercent), Money(v.NetAmount)), Money(v.VatAmount), f.Row);
        Row(t.Vat, $"{doc.Currency} {Money(doc.Totals.VatTotal)}", f.Row);
        y += 4; // room for the rule above the total
        c.DrawLine(labelX, y - 11, Right, y - 11, f.Rule);
        Row(t.Total, $"{doc.Currency} {Money(doc.Totals.GrandTotal)}", f.TotalBold);
        if (terms is null) return;
        y += RowLeading * 0.5f;
        c.DrawText(t.PaymentTerms, Left, y, SKTextAlign.Left, f.RowBold, f.Ink);
        y += RowLeading;
        foreach (var line in terms)
        {
            c.DrawText(line, Left, y, SKTextAlign.Left, f.Row, f.Ink);
            y += RowLeading;
        }
    }

    /// <summary>Every string the invoice may print (the font subset must cover them; numbers are ASCII).</summary>
    private static IEnumerable<string?> Texts(InvoiceDocument doc, InvoiceTexts t) =>
        t.All.Concat([doc.Number, doc.Company.Name, doc.Company.VatNumber, doc.Company.Contact, doc.Customer.Name, doc.PaymentTerms, "·'…"])
            .Concat(doc.Company.AddressLines).Concat(doc.Customer.Lines).Concat(doc.Lines.Select(l => l.Description))
            .Concat(doc.QrBill is null ? [] : QrBillRenderer.Texts(doc.QrBill, doc.Language));

    private sealed class Fonts(FontSet set) : IDisposable
    {
        public readonly FontSet Set = set;
        public readonly SKFont Company = set.Font(true, 14), Title = set.Font(true, 16), Body = set.Font(false, 10),
            Small = set.Font(false, 8), Row = set.Font(false, RowFontSize), RowBold = set.Font(true, RowFontSize),
            TotalBold = set.Font(true, 10.5f);
        public readonly SKPaint Ink = Fill(SKColors.Black), Rule = Stroke(0.5f, SKColors.Black);

        public void Dispose()
        {
            foreach (var d in new IDisposable[] { Company, Title, Body, Small, Row, RowBold, TotalBold, Ink, Rule }) d.Dispose();
        }
    }
}
