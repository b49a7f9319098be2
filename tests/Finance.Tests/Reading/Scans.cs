using System.Globalization;
using Finance.Tests.Documents;
using Finance.Tests.Infrastructure;

namespace Finance.Tests.Reading;

/// <summary>
/// Scanner-like TIFFs, made as bench/reading/make_scans.py makes the bench's: pdftoppm in grey at the given resolution,
/// each page turned by an angle (seeded by resolution, mode and position: the same scans every run) of up to 2°, 0.5 % salt-and-pepper, a slight blur; saved as one multi-page TIFF in
/// 8-bit grey (Deflate) or, as office scanners file them, bilevel (CCITT Group 4).
/// </summary>
internal static class Scans
{
    private const string Script = """
        import random, sys
        from PIL import Image, ImageFilter
        mode, dpi = sys.argv[1], int(sys.argv[2])
        for job in sys.argv[3:]:
            seed, out, pngs = job.split("|")
            rng = random.Random(seed)
            pages = []
            for png in pngs.split(","):
                page = Image.open(png).convert("L")
                page = page.rotate(rng.uniform(-2.0, 2.0), resample=Image.BICUBIC, expand=False, fillcolor=255)
                pixels = page.load()
                w, h = page.size
                for _ in range(w * h // 200):
                    pixels[rng.randrange(w), rng.randrange(h)] = rng.choice((0, 255))
                page = page.filter(ImageFilter.GaussianBlur(0.4))
                pages.append(page.point(lambda v: 255 if v > 140 else 0).convert("1") if mode == "bilevel" else page)
            pages[0].save(out, save_all=True, append_images=pages[1:], dpi=(dpi, dpi), compression="group4" if mode == "bilevel" else "tiff_deflate")
        """;

    /// <summary>One scanned TIFF per document, each holding the given pages of its PDF; in the order given.</summary>
    public static IReadOnlyList<byte[]> Make(IReadOnlyList<(byte[] Pdf, int[] Pages)> documents, int dpi, bool bilevel = false)
    {
        var pngs = new List<string>();
        var tiffs = new List<string>();
        try
        {
            var jobs = new List<string>();
            foreach (var (pdf, pages) in documents)
            {
                var rendered = pages.Select(p => PdfTools.RenderPng(pdf, p, dpi)).ToList();
                pngs.AddRange(rendered);
                tiffs.Add(Path.Combine(Path.GetTempPath(), $"finance-scan-{Guid.NewGuid():N}.tif"));
                jobs.Add($"{dpi}-{bilevel}-{jobs.Count}|{tiffs[^1]}|{string.Join(',', rendered)}");
            }
            ServerProcess.Run("/usr/bin/python3", ["-c", Script, bilevel ? "bilevel" : "grey", dpi.ToString(CultureInfo.InvariantCulture), .. jobs]);
            return [.. tiffs.Select(File.ReadAllBytes)];
        }
        finally
        {
            pngs.Concat(tiffs).Where(File.Exists).ToList().ForEach(File.Delete);
        }
    }
}
