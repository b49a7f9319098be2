using Finance.Core.Invoicing.QrBill;
using SkiaSharp;
using static Finance.Core.Documents.Pdf;

namespace Finance.Core.Documents;

/// <summary>Draws the QR-bill payment slip (receipt 62 mm + payment part 148 mm, 105 mm high) at the foot
/// of an A4 page, following the layout of SIX IG QR-bill 2.3 chapter 3 ("Payment part").</summary>
public static class QrBillRenderer
{
    public const float SlipHeightMm = 105;

    /// <summary>One A4 page with the slip at its foot.</summary>
    /// <exception cref="QrBillException">The bill is invalid; nothing is written.</exception>
    public static byte[] RenderPdf(QrBill bill, string language) => RenderPdf(bill, language, out _);

    /// <summary>The same, with the box of every text and blank field drawn on the slip.</summary>
    internal static byte[] RenderPdf(QrBill bill, string language, out IReadOnlyList<SlipBox> boxes)
    {
        var payload = QrBillPayload.Build(bill);
        using var output = new MemoryStream();
        using (var document = Create(output, "QR-bill"))
        {
            var canvas = document.BeginPage(A4Width, A4Height);
            boxes = DrawSlip(canvas, bill, payload, language, A4Height - Mm(SlipHeightMm), DocumentFonts.For(Texts(bill, language)));
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

    /// <returns>The box of every text and blank field drawn, from the slip's top left corner.</returns>
    internal static IReadOnlyList<SlipBox> DrawSlip(SKCanvas canvas, QrBill bill, string payload, string language, float top, FontSet fonts)
    {
        var t = QrBillTexts.For(language);
        using (var white = Fill(SKColors.White)) canvas.DrawRect(SKRect.Create(0, top, A4Width, Mm(SlipHeightMm)), white);
        SeparationLines(canvas, top);
        using var slip = new SlipCanvas(canvas, top);
        Receipt(slip, fonts, bill, t);
        PaymentPart(slip, fonts, bill, payload, t);
        return slip.Boxes;
    }

    // Separation lines with scissors, since the PDF may be printed on plain paper (IG 2.3, "Perforation").
    private static void SeparationLines(SKCanvas canvas, float top)
    {
        using var line = Stroke(0.5f, SKColors.Black);
        canvas.DrawLine(0, top, A4Width, top, line);
        canvas.DrawLine(SlipSections.ReceiptWidth, top, SlipSections.ReceiptWidth, top + Mm(SlipHeightMm), line);
        QrBillMarks.Scissors(canvas, Mm(10), top, 0);
        QrBillMarks.Scissors(canvas, SlipSections.ReceiptWidth, top + Mm(8), 90);
    }

    // Receipt (IG 2.3 §3.5): title 11 pt bold, then information, amount and acceptance point sections.
    private static void Receipt(SlipCanvas slip, FontSet fonts, QrBill bill, QrBillTexts t)
    {
        Title(slip, SlipSection.ReceiptTitle, fonts, t.Receipt);
        var style = SlipInformation.Receipt(slip, fonts, bill, t);
        AmountSection(slip, SlipSection.ReceiptAmount, fonts, bill, t, style, Mm(12), SKRect.Create(Mm(27), Mm(71), Mm(30), Mm(10)));
        using var font = fonts.Font(bold: true, style.HeadingSize);
        var area = SlipSections.Of(SlipSection.ReceiptAcceptancePoint);
        slip.Text(SlipSection.ReceiptAcceptancePoint, t.AcceptancePoint, area.Right, area.Top - font.Metrics.Ascent, font, SKTextAlign.Right);
    }

    // Payment part (IG 2.3 §3.5): title 11 pt bold, the QR code at its fixed place, the information column on the
    // right, and the amount section in that column's sizes.
    private static void PaymentPart(SlipCanvas slip, FontSet fonts, QrBill bill, string payload, QrBillTexts t)
    {
        Title(slip, SlipSection.PaymentTitle, fonts, t.PaymentPart);
        var qr = SlipSections.QrCode;
        DrawQrCode(slip.Canvas, payload, qr.Left, slip.Top + qr.Top, qr.Width);
        var style = SlipInformation.PaymentPart(slip, fonts, bill, t);
        AmountSection(slip, SlipSection.PaymentAmount, fonts, bill, t, style, Mm(15), SKRect.Create(Mm(78), Mm(73), Mm(40), Mm(15)));
        AlternativeSchemes(slip, fonts, bill);
    }

    // Currency and amount side by side; a blank field with corner marks when the payer fills in the amount
    // (IG 2.3, "Fields without content": 30 × 10 mm on the receipt, 40 × 15 mm on the payment part).
    private static void AmountSection(SlipCanvas slip, SlipSection section, FontSet fonts, QrBill bill, QrBillTexts t, SlipStyle style,
        float amountOffset, SKRect blankField)
    {
        using var heading = fonts.Font(bold: true, style.HeadingSize);
        using var value = fonts.Font(bold: false, style.ValueSize);
        var area = SlipSections.Of(section);
        var (x, headingLine) = (area.Left, area.Top - heading.Metrics.Ascent);
        var valueLine = headingLine + style.ValueSize + 3;
        slip.Text(section, t.Currency, x, headingLine, heading);
        slip.Text(section, t.Amount, x + amountOffset, headingLine, heading);
        slip.Text(section, bill.Currency, x, valueLine, value);
        if (bill.Amount is { } amount) slip.Text(section, QrBillFormat.Amount(amount), x + amountOffset, valueLine, value);
        else slip.BlankField(section, blankField);
    }

    // Alternative procedures: 7 pt, 8 pt apart, cut with "…" at the section's width (IG 2.3 §3.5, "Further
    // information section").
    private static void AlternativeSchemes(SlipCanvas slip, FontSet fonts, QrBill bill)
    {
        using var font = fonts.Font(bold: false, 7);
        var area = SlipSections.Of(SlipSection.PaymentFurtherInformation);
        var y = area.Top + Mm(4);
        foreach (var scheme in bill.AlternativeSchemes)
        {
            slip.Text(SlipSection.PaymentFurtherInformation, TextLayout.Fit(scheme, font, area.Width), area.Left, y, font);
            y += 8;
        }
    }

    private static void Title(SlipCanvas slip, SlipSection section, FontSet fonts, string text)
    {
        using var font = fonts.Font(bold: true, 11);
        var area = SlipSections.Of(section);
        slip.Text(section, text, area.Left, area.Top - font.Metrics.Ascent, font);
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
