using Finance.Core.Invoicing.QrBill;
using SkiaSharp;
using static Finance.Core.Documents.Pdf;

namespace Finance.Core.Documents;

/// <summary>The information sections of the receipt and the payment part, made to fit their sections whatever
/// valid data they hold (SIX IG QR-bill 2.3 §3.4 "Fonts and font sizes", §3.5 "Sections"): each candidate
/// layout is tried in turn and the first that fits is drawn.</summary>
internal static class SlipInformation
{
    // §3.4: the receipt's headings are 6 pt bold and its values 8 pt.
    private static readonly SlipStyle ReceiptStyle = new(6, 8), TightReceipt = ReceiptStyle with { Gap = 0 };

    // §3.4: payment part headings and values between 6 and 10 pt, headings bold and 2 pt below their values,
    // 8 and 10 pt recommended. We shrink in 1 pt steps and stop at 8 pt values, the receipt's size; then the
    // half line between blocks goes (§3.4 rules the sizes of the text, not the space between blocks).
    private static readonly SlipStyle[] PaymentStyles = [new(8, 10), new(7, 9), new(6, 8), new(6, 8, Gap: 0)];

    private static readonly int[] LineCaps = [3, 2, 1];

    /// <returns>The style drawn, for the amount section to match.</returns>
    public static SlipStyle Receipt(SlipCanvas slip, FontSet fonts, QrBill bill, QrBillTexts t) =>
        Draw(slip, fonts, SlipSection.ReceiptInformation, ReceiptCandidates(bill, t));

    /// <inheritdoc cref="Receipt"/>
    public static SlipStyle PaymentPart(SlipCanvas slip, FontSet fonts, QrBill bill, QrBillTexts t) =>
        Draw(slip, fonts, SlipSection.PaymentInformation, PaymentCandidates(bill, t));

    // §3.5 (receipt): the street and building number of the addresses may be left out on the receipt when
    // space is short; the payer's go first, then the creditor's.
    private static IEnumerable<(SlipStyle, List<SlipBlock>)> ReceiptCandidates(QrBill bill, QrBillTexts t)
    {
        yield return (ReceiptStyle, Blocks(bill, t, payment: false, creditorStreet: true, debtorStreet: true));
        yield return (ReceiptStyle, Blocks(bill, t, payment: false, creditorStreet: true, debtorStreet: false));
        var shortest = Blocks(bill, t, payment: false, creditorStreet: false, debtorStreet: false);
        yield return (ReceiptStyle, shortest);
        yield return (TightReceipt, shortest);
        foreach (var cap in LineCaps) yield return (TightReceipt, LastResort(shortest, cap));
    }

    private static IEnumerable<(SlipStyle, List<SlipBlock>)> PaymentCandidates(QrBill bill, QrBillTexts t)
    {
        var full = Blocks(bill, t, payment: true, creditorStreet: true, debtorStreet: true);
        foreach (var style in PaymentStyles) yield return (style, full);
        // §3.5 (additional information): when space is short the text may be shortened, the cut marked with an
        // ellipsis (the guidelines write "..."; we set the one glyph "…"); the QR code still carries all of it.
        foreach (var cap in LineCaps)
            yield return (PaymentStyles[^1], [.. full.Select(b => b.MayShorten ? b with { MaxLines = cap } : b)]);
        foreach (var cap in LineCaps) yield return (PaymentStyles[^1], LastResort(full, cap));
    }

    // Beyond what the guidelines allow, which want names and addresses in full (§3.5): should valid data still
    // not fit, every value is cut with "…" rather than run over a section line or the QR code. The worst cases
    // of the field limits fit before this (QrBillSlipFitTests).
    private static List<SlipBlock> LastResort(List<SlipBlock> blocks, int cap) =>
        [.. blocks.Select(b => b with { MaxLines = b.MayShorten ? 1 : cap })];

    private static List<SlipBlock> Blocks(QrBill bill, QrBillTexts t, bool payment, bool creditorStreet, bool debtorStreet)
    {
        List<SlipBlock> blocks = [new(t.Account, [Iban.Parse(bill.Account).Formatted, .. QrBillFormat.AddressLines(bill.Creditor, creditorStreet)])];
        if (bill.ReferenceType != QrReferenceType.Non) blocks.Add(new(t.Reference, [QrBillFormat.Reference(bill)]));
        // The receipt carries no additional information (§3.5).
        string[] info = [.. new[] { bill.UnstructuredMessage, bill.BillInformation }.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!)];
        if (payment && info.Length > 0) blocks.Add(new(t.AdditionalInformation, info, MayShorten: true));
        // IG 2.3, "Fields without content": 52 × 20 mm on the receipt, 65 × 25 mm on the payment part.
        blocks.Add(bill.Debtor is null
            ? new(t.PayableByBlank, [], payment ? new SKSize(Mm(65), Mm(25)) : new SKSize(Mm(52), Mm(20)))
            : new(t.PayableBy, [.. QrBillFormat.AddressLines(bill.Debtor, debtorStreet)]));
        return blocks;
    }

    private static SlipStyle Draw(SlipCanvas slip, FontSet fonts, SlipSection section, IEnumerable<(SlipStyle Style, List<SlipBlock> Blocks)> candidates)
    {
        SlipColumn? column = null;
        foreach (var (style, blocks) in candidates)
        {
            column?.Dispose();
            column = new SlipColumn(fonts, SlipSections.Of(section), style, blocks);
            if (column.Fits) break;
        }
        using (column)
        {
            column!.Draw(slip, section);
            return column.Style;
        }
    }
}
