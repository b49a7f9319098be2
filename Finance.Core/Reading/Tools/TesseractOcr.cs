using System.Globalization;
using System.Text;
using Finance.Core.Reading.Extraction;
using Microsoft.Extensions.Options;

namespace Finance.Core.Reading.Tools;

/// <summary>
/// Tesseract 5 through its CLI (no .NET wrapper is served): TSV output, one confidence per word (DESIGN.md §6), one
/// OpenMP thread (a page took about 2 s with it and 15–22 s without on two cores).
/// </summary>
public sealed class TesseractOcr(ToolRunner runner, IOptions<ReadingOptions> options)
{
    private static readonly Dictionary<string, string> OneThread = new() { ["OMP_THREAD_LIMIT"] = "1" };

    internal async Task<IReadOnlyList<TextLine>> ReadAsync(string imagePath, int firstPage, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var result = await runner.RunCheckedAsync("tesseract",
            [imagePath, "stdout", "-l", o.OcrLanguages, "--psm", o.OcrPageSegmentation.ToString(CultureInfo.InvariantCulture), "tsv"],
            new ToolRun { Environment = OneThread }, cancellationToken);
        return Lines(Encoding.UTF8.GetString(result.StandardOutput), firstPage);
    }

    /// <summary>Tesseract's TSV: level, page_num, block_num, par_num, line_num, word_num, left, top, width, height, conf, text;
    /// words are level 5, grouped into lines by (page, block, paragraph, line).</summary>
    internal static IReadOnlyList<TextLine> Lines(string tsv, int firstPage)
    {
        var words = tsv.Split('\n').Skip(1).Select(l => l.TrimEnd('\r').Split('\t')).Where(c => c.Length >= 12 && c[0] == "5" && c[11].Trim().Length > 0);
        return [.. words
            .GroupBy(c => (Page: Int(c[1]), Block: Int(c[2]), Paragraph: Int(c[3]), Line: Int(c[4])))
            .Select(g => TextLine.From(firstPage + g.Key.Page - 1, [.. g.Select(c => new PlacedWord(c[11].Trim(), Int(c[6]), Int(c[6]) + Int(c[8]),
                Math.Clamp(decimal.Parse(c[10], CultureInfo.InvariantCulture) / 100m, 0m, 1m))).OrderBy(w => w.Left)]))];
    }

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);
}
