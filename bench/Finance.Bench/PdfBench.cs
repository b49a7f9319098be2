using System.Diagnostics;
using Finance.Core.Documents;

namespace Finance.Bench;

/// <summary>Renders one-page invoices with a QR-bill, on one thread and then on two, and the bare
/// payment slip (what swissqrbill renders) for a like-for-like comparison.</summary>
internal static class PdfBench
{
    public static int Run(string[] args)
    {
        var count = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 500;
        var outDir = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault();
        var invoice = BenchData.Invoice();
        var bill = invoice.QrBill!;

        // Warm-up: JIT, font loading, native library.
        for (var i = 0; i < 20; i++) { InvoicePdfRenderer.Render(invoice); QrBillRenderer.RenderPdf(bill, "de"); }

        var (invoiceRate, invoiceBytes) = Measure(count, 1, () => InvoicePdfRenderer.Render(invoice));
        var (invoiceParallel, _) = Measure(count, 2, () => InvoicePdfRenderer.Render(invoice));
        var (slipRate, slipBytes) = Measure(count, 1, () => QrBillRenderer.RenderPdf(bill, "de"));
        // Distinct payloads: each bill builds its own QR path (no cache hit), the worst case.
        var serial = 0;
        var (distinctRate, _) = Measure(count, 1, () => QrBillRenderer.RenderPdf(bill with { UnstructuredMessage = $"Rechnung {Interlocked.Increment(ref serial)}" }, "de"));

        if (outDir is not null)
        {
            Directory.CreateDirectory(outDir);
            File.WriteAllBytes(Path.Combine(outDir, "invoice.pdf"), InvoicePdfRenderer.Render(invoice));
            File.WriteAllBytes(Path.Combine(outDir, "qrbill.pdf"), QrBillRenderer.RenderPdf(bill, "de"));
        }
        Console.WriteLine($"invoice_pdf_per_s={invoiceRate:F1} invoice_pdf_per_s_2threads={invoiceParallel:F1} invoice_bytes={invoiceBytes}");
        Console.WriteLine($"slip_pdf_per_s={slipRate:F1} slip_distinct_payload_pdf_per_s={distinctRate:F1} slip_bytes={slipBytes}");
        return 0;
    }

    private static (double PerSecond, long Bytes) Measure(int count, int threads, Func<byte[]> render)
    {
        long bytes = 0;
        var watch = Stopwatch.StartNew();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => Interlocked.Exchange(ref bytes, render().Length));
        return (count / watch.Elapsed.TotalSeconds, bytes);
    }
}
