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
        canvas.DrawLine(Mm(ReceiptWidthMm), top, Mm(ReceiptWidthMm), top + Mm(SlipHeightMm), line);
        QrBillMarks.Scissors(canvas, Mm(10), top, 0);
        QrBillMarks.Scissors(canvas, Mm(ReceiptWidthMm), top + Mm(8), 90);
    }

    // Receipt: title 11 pt, headings 6 pt bold, values 8 pt, line spacing 9 pt; 5 mm margins.
    private static void Receipt(SlipCanvas slip, FontSet fonts, QrBill bill, QrBillTexts t)
    {
        Title(slip, SlipSection.ReceiptTitle, fonts, t.Receipt, Mm(5), Mm(5));
        using (var col = new SlipColumn(slip, SlipSection.ReceiptInformation, fonts, Mm(5), Mm(12), Mm(52), 6, 8, 9))
        {
            AccountBlock(col, bill, t);
            if (bill.ReferenceType != QrReferenceType.Non) { col.Heading(t.Reference); col.Value(QrBillFormat.Reference(bill)); col.Gap(0.5f); }
            PayerBlock(col, bill, t, blank: new SKSize(Mm(52), Mm(20)));
        }
        AmountSection(slip, SlipSection.ReceiptAmount, fonts, bill, t, Mm(5), Mm(68), 6, 8, Mm(12), new SKRect(Mm(27), Mm(71), Mm(57), Mm(81)));
        using var font = fonts.Font(bold: true, 6);
        slip.Text(SlipSection.ReceiptAcceptancePoint, t.AcceptancePoint, Mm(57), Mm(82) + 6, font, SKTextAlign.Right);
    }

    // Payment part: title 11 pt, QR 46 mm at (67, 17), headings 8 pt bold, values 10 pt, line spacing 11 pt.
    private static void PaymentPart(SlipCanvas slip, FontSet fonts, QrBill bill, string payload, QrBillTexts t)
    {
        Title(slip, SlipSection.PaymentTitle, fonts, t.PaymentPart, Mm(67), Mm(5));
        DrawQrCode(slip.Canvas, payload, Mm(67), slip.Top + Mm(17), Mm(46));
        AmountSection(slip, SlipSection.PaymentAmount, fonts, bill, t, Mm(67), Mm(68), 8, 10, Mm(15), new SKRect(Mm(78), Mm(73), Mm(118), Mm(88)));
        using (var col = new SlipColumn(slip, SlipSection.PaymentInformation, fonts, Mm(118), Mm(5), Mm(87), 8, 10, 11))
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
        AlternativeSchemes(slip, fonts, bill);
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
            col.Blank(blank);
            return;
        }
        col.Heading(t.PayableBy);
        foreach (var line in QrBillFormat.AddressLines(bill.Debtor)) col.Value(line);
    }

    private static void AmountSection(SlipCanvas slip, SlipSection section, FontSet fonts, QrBill bill, QrBillTexts t, float x, float y,
        float headingSize, float valueSize, float amountOffset, SKRect blankBox)
    {
        using var heading = fonts.Font(bold: true, headingSize);
        using var value = fonts.Font(bold: false, valueSize);
        slip.Text(section, t.Currency, x, y + headingSize, heading);
        slip.Text(section, t.Amount, x + amountOffset, y + headingSize, heading);
        slip.Text(section, bill.Currency, x, y + headingSize + valueSize + 3, value);
        if (bill.Amount is { } amount)
            slip.Text(section, QrBillFormat.Amount(amount), x + amountOffset, y + headingSize + valueSize + 3, value);
        else
            slip.BlankField(section, blankBox);
    }

    // Alternative procedures: 7 pt, scheme name bold, below the amount section (IG 2.3, "Further information section").
    private static void AlternativeSchemes(SlipCanvas slip, FontSet fonts, QrBill bill)
    {
        using var font = fonts.Font(bold: false, 7);
        var y = Mm(94);
        foreach (var scheme in bill.AlternativeSchemes)
        {
            slip.Text(SlipSection.PaymentFurtherInformation, TextLayout.Fit(scheme, font, Mm(138)), Mm(67), y, font);
            y += 8;
        }
    }

    private static void Title(SlipCanvas slip, SlipSection section, FontSet fonts, string text, float x, float y)
    {
        using var font = fonts.Font(bold: true, 11);
        slip.Text(section, text, x, y + 9, font);
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
