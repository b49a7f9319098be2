using System.Diagnostics;
using System.Globalization;
using Finance.Core.Reading;
using Finance.Core.Reading.Tools;
using Microsoft.Extensions.Options;

namespace Finance.Bench;

/// <summary>
/// Where a scan's reading time goes (bench/run.sh reading's overhead over raw tesseract): per TIFF, the raw tesseract CLI,
/// the QR search alone (decode and search every page, as the pipeline does when no QR-bill is found), and the whole
/// pipeline; wall and this process's CPU seconds. Usage: Finance.Bench reading-parts SCANS.
/// </summary>
internal static class ReadingParts
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new ReadingOptions();
        var o = Options.Create(options);
        var runner = new ToolRunner(o);
        var reader = new LocalBillReader(new PdfRasterizer(runner, o), new TesseractOcr(runner, o), o);
        var inspector = new DocumentInspector(o);
        var me = Process.GetCurrentProcess();
        foreach (var tif in Directory.EnumerateFiles(args[0], "*.tif").Order())
        {
            var bytes = File.ReadAllBytes(tif);
            var document = inspector.Inspect(bytes);
            var (qrWall, qrCpu) = Time(me, () => QrSearch(bytes));
            var (readWall, readCpu) = await TimeAsync(me, () => reader.ReadAsync(bytes, document, CancellationToken.None));
            var clock = Stopwatch.StartNew();
            await runner.RunCheckedAsync("tesseract", [tif, "stdout", "-l", options.OcrLanguages, "--psm", "4", "tsv"],
                new ToolRun { Environment = new Dictionary<string, string> { ["OMP_THREAD_LIMIT"] = "1" } });
            var raw = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(tif),-45} pages={document.Pages} tesseract={raw:F2} qr_wall={qrWall:F2} qr_cpu={qrCpu:F2} read_wall={readWall:F2} read_cpu={readCpu:F2} ratio={readWall / raw:F2}"));
        }
        return 0;
    }

    /// <summary>Scanned QR-bills (make_scans.py over reading-qr-bills' PDFs): how many the QR search finds as the reader
    /// runs it on a page of unknown content, and how many it finds when told the page carries a slip.</summary>
    public static int QrScans(string[] args)
    {
        var (quick, told, total) = (0, 0, 0);
        var clock = new Stopwatch();
        foreach (var tif in Directory.EnumerateFiles(args[0], "qr-*.tif").Order())
        {
            foreach (var (_, page) in TiffPages.Decode(File.ReadAllBytes(tif)))
            {
                total++;
                clock.Start();
                var found = QrCodeScanner.Decode(page).Count > 0;
                clock.Stop();
                quick += found ? 1 : 0;
                var full = QrCodeScanner.Decode(page, slipSeen: true).Count > 0;
                told += full ? 1 : 0;
                if (!found) Console.Error.WriteLine($"# qr miss {Path.GetFileName(tif)} full={full}");
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"qr_scans={total} qr_scans_found={quick} qr_scans_found_told_slip={told} qr_scan_ms={clock.Elapsed.TotalMilliseconds / Math.Max(1, total):F0}"));
        return 0;
    }

    private static void QrSearch(byte[] bytes)
    {
        foreach (var (_, page) in TiffPages.Decode(bytes)) QrCodeScanner.Decode(page);
    }

    private static (double Wall, double Cpu) Time(Process me, Action action)
    {
        me.Refresh();
        var cpu = me.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        action();
        me.Refresh();
        return (clock.Elapsed.TotalSeconds, (me.TotalProcessorTime - cpu).TotalSeconds);
    }

    private static async Task<(double Wall, double Cpu)> TimeAsync(Process me, Func<Task> action)
    {
        me.Refresh();
        var cpu = me.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await action();
        me.Refresh();
        return (clock.Elapsed.TotalSeconds, (me.TotalProcessorTime - cpu).TotalSeconds);
    }
}
