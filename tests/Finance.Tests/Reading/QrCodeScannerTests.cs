using System.Diagnostics;
using Finance.Core.Documents;
using Finance.Core.Invoicing.QrBill;
using Finance.Core.Reading;
using Finance.Tests.Documents;
using Xunit.Abstractions;

namespace Finance.Tests.Reading;

/// <summary>ZXing.Net in-process against zxing-cpp as the outside decoder, on QR-bills our renderer drew from every valid
/// payload of the shared vectors, rasterised by pdftoppm at 300 dpi: both must return the payload, exactly.</summary>
public class QrCodeScannerTests(ITestOutputHelper output)
{
    // Our renderer draws only what may be issued today: structured addresses (IG 2.3); combined-address vectors are read-only.
    public static TheoryData<string> PayloadIds() =>
        [.. Fixtures.QrBillVectors["payloads"]!.AsArray().Select(p => (string)p!["id"]!).Where(id => Bill(id) is var b
            && b.Creditor.Type == QrAddressType.Structured && b.Debtor?.Type != QrAddressType.Combined)];

    internal static QrBill Bill(string id) =>
        QrBillPayload.Parse((string)Fixtures.QrBillVectors["payloads"]!.AsArray().Single(p => (string)p!["id"]! == id)!["payload_text"]!);

    [Theory, MemberData(nameof(PayloadIds))]
    public void Decode_RenderedVector_AgreesWithZxingCppAndPayload(string id)
    {
        var bill = Bill(id);
        var pdf = QrBillRenderer.RenderPdf(bill, "de");
        var png = PdfTools.RenderPng(pdf, 1);
        try
        {
            var clock = Stopwatch.StartNew();
            var ours = QrCodeScanner.Decode(File.ReadAllBytes(png));
            clock.Stop();
            output.WriteLine($"ZXing.Net: {clock.ElapsedMilliseconds} ms");
            clock.Restart();
            var outside = ZxingCpp.Decode(png);
            output.WriteLine($"zxing-cpp: {clock.ElapsedMilliseconds} ms");
            var expected = QrBillPayload.Build(bill);
            Assert.Equal([expected], ours);
            Assert.Equal(outside, ours);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"decoding took {clock.Elapsed}");
        }
        finally
        {
            File.Delete(png);
        }
    }
}
