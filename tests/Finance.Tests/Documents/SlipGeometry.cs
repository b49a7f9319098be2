using Finance.Core.Documents;
using Finance.Core.Invoicing.QrBill;
using SkiaSharp;

namespace Finance.Tests.Documents;

/// <summary>Geometric checks of a rendered slip against its sections (SIX IG QR-bill 2.3 §3.5), in points from
/// the slip's top left corner.</summary>
internal static class SlipGeometry
{
    private static readonly SlipSection[] Sections = Enum.GetValues<SlipSection>();
    private static readonly float SlipTop = Pdf.A4Height - Pdf.Mm(QrBillRenderer.SlipHeightMm);

    /// <summary>Every text and blank field the renderer drew lies inside the section it belongs to.</summary>
    public static void AssertInsideSections(IReadOnlyList<SlipBox> boxes)
    {
        Assert.NotEmpty(boxes);
        foreach (var b in boxes)
        {
            var section = SlipSections.Of(b.Section);
            Assert.True(Contains(section, b.Box), $"'{b.Text}' {Show(b.Box)} leaves {b.Section} {Show(section)}");
            AssertClear(b.Text, b.Box);
        }
    }

    /// <summary>Every word poppler reads from the slip lies inside some section: this reads the PDF itself,
    /// not the renderer's own record of what it drew. Skia writes coordinates rounded to a few decimals, so a
    /// word may start a hair (below 0.1 pt, 0.04 mm) before its section's edge.</summary>
    public static void AssertWordsInsideSections(IReadOnlyList<(string Text, SKRect Box)> pageWords)
    {
        var words = pageWords.Where(w => w.Box.Bottom > SlipTop).ToList();
        Assert.NotEmpty(words);
        foreach (var (text, pageBox) in words)
        {
            var box = SKRect.Inflate(pageBox, -0.1f, -0.1f);
            box.Offset(0, -SlipTop);
            Assert.True(Sections.Any(s => Contains(SlipSections.Of(s), box)), $"'{text}' {Show(box)} is in no section");
            AssertClear(text, box);
        }
    }

    /// <summary>Names and addresses are printed in full (IG 2.3 §3.5); only the receipt may leave out the street line.</summary>
    public static void AssertAddressesInFull(QrBill bill, IReadOnlyList<SlipBox> boxes)
    {
        var payment = Joined(boxes, SlipSection.PaymentInformation);
        var receipt = Joined(boxes, SlipSection.ReceiptInformation);
        foreach (var address in new[] { bill.Creditor, bill.Debtor }.OfType<QrAddress>())
        {
            var lines = QrBillFormat.AddressLines(address).ToList();
            foreach (var line in lines) Assert.Contains(Squeezed(line), payment);
            Assert.Contains(Squeezed(lines[0]), receipt);
            Assert.Contains(Squeezed(lines[^1]), receipt);
        }
    }

    private static void AssertClear(string? text, SKRect box)
    {
        Assert.False(box.IntersectsWith(SlipSections.QrCode), $"'{text}' {Show(box)} covers the QR code");
        Assert.False(box.Left < SlipSections.ReceiptWidth && box.Right > SlipSections.ReceiptWidth, $"'{text}' {Show(box)} crosses the 62 mm line");
    }

    private static bool Contains(SKRect outer, SKRect inner) =>
        inner.Left >= outer.Left && inner.Top >= outer.Top && inner.Right <= outer.Right && inner.Bottom <= outer.Bottom;

    // Lines are wrapped at spaces or inside words, so compare without spaces.
    private static string Joined(IEnumerable<SlipBox> boxes, SlipSection section) =>
        Squeezed(string.Concat(boxes.Where(b => b.Section == section).Select(b => b.Text)));

    private static string Squeezed(string text) => text.Replace(" ", "");

    private static string Show(SKRect r) => $"[{r.Left / Pdf.PointsPerMm:0.0}, {r.Top / Pdf.PointsPerMm:0.0} – {r.Right / Pdf.PointsPerMm:0.0}, {r.Bottom / Pdf.PointsPerMm:0.0} mm]";
}
