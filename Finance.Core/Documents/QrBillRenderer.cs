using Finance.Core.Invoicing.QrBill;
using SkiaSharp;
using static Finance.Core.Documents.Pdf;

namespace Finance.Core.Documents;

/// <summary>Draws the QR-bill payment slip (receipt 62 mm + payment part 148 mm, 105 mm high) at the foot
/// of an A4 page, following the layout of SIX IG QR-bill 2.3 chapter 3 ("Payment part").</summary>
public static class QrBillRenderer
{
    public const float SlipHeightMm = 105;
    private const float ReceiptWidthMm = 62;

    /// <summary>One A4 page with the slip at its foot.</summary>
    /// <exception cref="QrBillException">The bill is invalid; nothing is written.</exception>
    public static byte[] RenderPdf(QrBill bill, string language)
    {
        var payload = QrBillPayload.Build(bill);
        using var output = new MemoryStream();
        using (var document = Create(output, "QR-bill"))
        {
            var canvas = document.BeginPage(A4Width, A4Height);
            DrawSlip(canvas, bill, payload, language, A4Height - Mm(SlipHeightMm), DocumentFonts.For(Texts(bill, language)));
            document.EndPage();
            document.Close();
        }
        return output.ToArray();
    }

    /// <summary>Every string the slip may print, so that the document's font subset covers it.</summary>
    internal static IEnumerable<string?> Texts(QrBill bill, string language) =>
        QrBillTexts.For(language).All
            .Concat(QrBillFormat.AddressLines(bill.Creditor))
            .Concat(bill.Debtor is null ? [] : QrBillFormat.AddressLines(bill.Debtor))
            .Concat([bill.UnstructuredMessage, bill.BillInformation, "…"]).Concat(bill.AlternativeSchemes);

    internal static void DrawSlip(SKCanvas canvas, QrBill bill, string payload, string language, float top, FontSet fonts)
    {
        var t = QrBillTexts.For(language);
        using (var white = Fill(SKColors.White)) canvas.DrawRect(SKRect.Create(0, top, A4Width, Mm(SlipHeightMm)), white);
        SeparationLines(canvas, top);
        Receipt(canvas, fonts, bill, t, top);
        PaymentPart(canvas, fonts, bill, payload, t, top);
    }

    // Separation lines with scissors, since the PDF may be printed on plain paper (IG 2.3, "Perforation").
    private static void SeparationLines(SKCanvas canvas, float top)
    {
        using var line = Stroke(0.5f, SKColors.Black);
        canvas.DrawLine(0, top, A4Width, top, line);
        canvas.DrawLine(Mm(ReceiptWidthMm), top, Mm(ReceiptWidthMm), top + Mm(SlipHeightMm), line);
        QrBillMarks.Scissors(canvas, Mm(10), top, 0);
        QrBillMarks.Scissors(canvas, Mm(ReceiptWidthMm), top + Mm(8), 90);
    }

    // Receipt: title 11 pt, headings 6 pt bold, values 8 pt, line spacing 9 pt; 5 mm margins.
    private static void Receipt(SKCanvas canvas, FontSet fonts, QrBill bill, QrBillTexts t, float top)
    {
        Title(canvas, fonts, t.Receipt, Mm(5), top + Mm(5));
        using (var col = new SlipColumn(canvas, fonts, Mm(5), top + Mm(12), Mm(52), 6, 8, 9))
        {
            AccountBlock(col, bill, t);
            if (bill.ReferenceType != QrReferenceType.Non) { col.Heading(t.Reference); col.Value(QrBillFormat.Reference(bill)); col.Gap(0.5f); }
            PayerBlock(col, bill, t, blank: new SKSize(Mm(52), Mm(20)));
        }
        AmountSection(canvas, fonts, bill, t, Mm(5), top + Mm(68), 6, 8, Mm(12), new SKRect(Mm(27), top + Mm(71), Mm(57), top + Mm(81)));
        using var font = fonts.Font(bold: true, 6);
        using var ink = Fill(SKColors.Black);
        canvas.DrawText(t.AcceptancePoint, Mm(57), top + Mm(82) + 6, SKTextAlign.Right, font, ink);
    }

    // Payment part: title 11 pt, QR 46 mm at (67, 17), headings 8 pt bold, values 10 pt, line spacing 11 pt.
    private static void PaymentPart(SKCanvas canvas, FontSet fonts, QrBill bill, string payload, QrBillTexts t, float top)
    {
        Title(canvas, fonts, t.PaymentPart, Mm(67), top + Mm(5));
        DrawQrCode(canvas, payload, Mm(67), top + Mm(17), Mm(46));
        AmountSection(canvas, fonts, bill, t, Mm(67), top + Mm(68), 8, 10, Mm(15), new SKRect(Mm(78), top + Mm(73), Mm(118), top + Mm(88)));
        using (var col = new SlipColumn(canvas, fonts, Mm(118), top + Mm(5), Mm(87), 8, 10, 11))
        {
            AccountBlock(col, bill, t);
            if (bill.ReferenceType != QrReferenceType.Non) { col.Heading(t.Reference); col.Value(QrBillFormat.Reference(bill)); col.Gap(0.5f); }
            if (bill.UnstructuredMessage is not null || bill.BillInformation is not null)
            {
                col.Heading(t.AdditionalInformation);
                if (bill.UnstructuredMessage is not null) col.Value(bill.UnstructuredMessage);
                if (bill.BillInformation is not null) col.Value(bill.BillInformation);
                col.Gap(0.5f);
            }
            PayerBlock(col, bill, t, blank: new SKSize(Mm(65), Mm(25)));
        }
        AlternativeSchemes(canvas, fonts, bill, top);
    }

    private static void AccountBlock(SlipColumn col, QrBill bill, QrBillTexts t)
    {
        col.Heading(t.Account);
        col.Value(Iban.Parse(bill.Account).Formatted);
        foreach (var line in QrBillFormat.AddressLines(bill.Creditor)) col.Value(line);
        col.Gap(0.5f);
    }

    private static void PayerBlock(SlipColumn col, QrBill bill, QrBillTexts t, SKSize blank)
    {
        if (bill.Debtor is null)
        {
            col.Heading(t.PayableByBlank);
            QrBillMarks.CornerMarks(col.Canvas, SKRect.Create(col.X, col.Y, blank.Width, blank.Height));
            return;
        }
        col.Heading(t.PayableBy);
        foreach (var line in QrBillFormat.AddressLines(bill.Debtor)) col.Value(line);
    }

    private static void AmountSection(SKCanvas canvas, FontSet fonts, QrBill bill, QrBillTexts t, float x, float y,
        float headingSize, float valueSize, float amountOffset, SKRect blankBox)
    {
        using var heading = fonts.Font(bold: true, headingSize);
        using var value = fonts.Font(bold: false, valueSize);
        using var ink = Fill(SKColors.Black);
        canvas.DrawText(t.Currency, x, y + headingSize, SKTextAlign.Left, heading, ink);
        canvas.DrawText(t.Amount, x + amountOffset, y + headingSize, SKTextAlign.Left, heading, ink);
        canvas.DrawText(bill.Currency, x, y + headingSize + valueSize + 3, SKTextAlign.Left, value, ink);
        if (bill.Amount is { } amount)
            canvas.DrawText(QrBillFormat.Amount(amount), x + amountOffset, y + headingSize + valueSize + 3, SKTextAlign.Left, value, ink);
        else
            QrBillMarks.CornerMarks(canvas, blankBox);
    }

    // Alternative procedures: 7 pt, scheme name bold, below the amount section (IG 2.3, "Further information section").
    private static void AlternativeSchemes(SKCanvas canvas, FontSet fonts, QrBill bill, float top)
    {
        using var font = fonts.Font(bold: false, 7);
        using var ink = Fill(SKColors.Black);
        var y = top + Mm(94);
        foreach (var scheme in bill.AlternativeSchemes)
        {
            canvas.DrawText(TextLayout.Fit(scheme, font, Mm(138)), Mm(67), y, SKTextAlign.Left, font, ink);
            y += 8;
        }
    }

    private static void Title(SKCanvas canvas, FontSet fonts, string text, float x, float y)
    {
        using var font = fonts.Font(bold: true, 11);
        using var ink = Fill(SKColors.Black);
        canvas.DrawText(text, x, y + 9, SKTextAlign.Left, font, ink);
    }

    private static void DrawQrCode(SKCanvas canvas, string payload, float x, float y, float size)
    {
        var (path, modules) = QrCodePath.For(payload);
        using var ink = Fill(SKColors.Black);
        ink.IsAntialias = false;
        canvas.Save();
        canvas.Translate(x, y);
        canvas.Scale(size / modules);
        canvas.DrawPath(path, ink);
        canvas.Restore();
        QrBillMarks.SwissCross(canvas, x + size / 2, y + size / 2);
    }
}
