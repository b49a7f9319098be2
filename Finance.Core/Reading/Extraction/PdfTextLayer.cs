using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Finance.Core.Reading.Extraction;

/// <summary>The text layer of a PDF as lines: PdfPig's words grouped by baseline, top to bottom, left to right.</summary>
internal static class PdfTextLayer
{
    public static IReadOnlyList<TextLine> Lines(Page page)
    {
        var words = page.GetWords().Where(w => !string.IsNullOrWhiteSpace(w.Text))
            .OrderByDescending(w => w.BoundingBox.Bottom).ThenBy(w => w.BoundingBox.Left).ToList();
        var lines = new List<TextLine>();
        var current = new List<Word>();
        foreach (var word in words)
        {
            // Same line when the baselines are closer than half the smaller word's height.
            if (current.Count > 0 && Math.Abs(current[0].BoundingBox.Bottom - word.BoundingBox.Bottom)
                > 0.5 * Math.Max(1, Math.Min(current[0].BoundingBox.Height, word.BoundingBox.Height)))
            {
                lines.Add(Line(page.Number, current));
                current = [];
            }
            current.Add(word);
        }
        if (current.Count > 0) lines.Add(Line(page.Number, current));
        return lines;
    }

    public static IReadOnlyList<TextLine> Lines(PdfDocument document) => [.. document.GetPages().SelectMany(Lines)];

    private static TextLine Line(int page, List<Word> words) =>
        TextLine.From(page, [.. words.OrderBy(w => w.BoundingBox.Left).Select(w => new PlacedWord(w.Text, w.BoundingBox.Left, w.BoundingBox.Right, 1m))]);
}
