using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Finance.Tests.Infrastructure;
using SkiaSharp;

namespace Finance.Tests.Documents;

/// <summary>Outside checks on rendered PDFs: poppler for pages and text, zxing-cpp for the QR code
/// (DESIGN.md §6: zxing-cpp decodes every QR-bill we tried; zbar does not).</summary>
internal static partial class PdfTools
{
    public static string Text(byte[] pdf) => ServerProcess.Run("pdftotext", ["-layout", "-enc", "UTF-8", Save(pdf), "-"]);

    public static int PageCount(byte[] pdf) =>
        int.Parse(ServerProcess.Run("pdfinfo", [Save(pdf)]).Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal))[6..].Trim(), CultureInfo.InvariantCulture);

    /// <summary>Renders one page at 300 dpi and returns the PNG's path; with <paramref name="bottomMm"/>, only the
    /// bottom of an A4 page (a QR-bill slip is its bottom 105 mm: a third of the pixels to render and search).</summary>
    public static string RenderPng(byte[] pdf, int page, int dpi = 300, float? bottomMm = null)
    {
        var prefix = Path.Combine(Path.GetTempPath(), "finance-" + Guid.NewGuid().ToString("N"));
        string[] crop = bottomMm is { } mm ? ["-x", "0", "-y", Px(297 - mm), "-W", Px(210), "-H", Px(mm)] : [];
        ServerProcess.Run("pdftoppm", ["-r", dpi.ToString(CultureInfo.InvariantCulture), "-png", "-f", page.ToString(CultureInfo.InvariantCulture), "-l", page.ToString(CultureInfo.InvariantCulture), .. crop, "-singlefile", Save(pdf), prefix]);
        return prefix + ".png";
        string Px(float mm) => ((int)Math.Round(mm / 25.4 * dpi)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Texts of all QR codes zxing-cpp finds on the page, or in its bottom <paramref name="bottomMm"/>.</summary>
    public static IReadOnlyList<string> DecodeQr(byte[] pdf, int page, float? bottomMm = null)
    {
        var png = RenderPng(pdf, page, bottomMm: bottomMm);
        const string script = "import sys, json, zxingcpp\nfrom PIL import Image\n"
            + "r = zxingcpp.read_barcodes(Image.open(sys.argv[1]), formats=zxingcpp.BarcodeFormat.QRCode)\n"
            + "print(json.dumps([b.text for b in r]))";
        var json = ServerProcess.Run("/usr/bin/python3", ["-c", script, png]);
        File.Delete(png);
        return System.Text.Json.JsonSerializer.Deserialize<List<string>>(json)!;
    }

    /// <summary>Each word poppler reads from one page with its box in points, origin at the top left.</summary>
    public static IReadOnlyList<(string Text, SKRect Box)> WordBoxes(byte[] pdf, int page)
    {
        var html = ServerProcess.Run("pdftotext", ["-bbox", "-f", page.ToString(CultureInfo.InvariantCulture), "-l", page.ToString(CultureInfo.InvariantCulture), Save(pdf), "-"]);
        float F(Match m, int group) => float.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
        return [.. Word().Matches(html).Select(m => (WebUtility.HtmlDecode(m.Groups[5].Value), new SKRect(F(m, 1), F(m, 2), F(m, 3), F(m, 4))))];
    }

    [GeneratedRegex("<word xMin=\"([^\"]+)\" yMin=\"([^\"]+)\" xMax=\"([^\"]+)\" yMax=\"([^\"]+)\">([^<]*)</word>")]
    private static partial Regex Word();

    private static string Save(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), "finance-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(pdf))[..16] + ".pdf");
        if (!File.Exists(path)) File.WriteAllBytes(path, pdf);
        return path;
    }
}
