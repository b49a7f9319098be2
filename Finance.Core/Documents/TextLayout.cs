using SkiaSharp;

namespace Finance.Core.Documents;

/// <summary>Greedy line breaking with the font's own advance widths: at spaces, and inside a word only when the
/// word alone is wider than the line (a Swico bill information or a one-word name has no space to break at),
/// preferably after a hyphen or slash.</summary>
internal static class TextLayout
{
    public const string Ellipsis = "…";

    /// <param name="text">The text; '\n' starts a new line.</param>
    /// <param name="font">The font the lines will be drawn in.</param>
    /// <param name="maxWidth">The widest a line may be, in points.</param>
    /// <param name="maxLines">Lines beyond this many are dropped and the last one kept ends in an ellipsis.</param>
    public static List<string> Wrap(string text, SKFont font, float maxWidth, int maxLines = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLines, 1);
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (font.MeasureText(candidate) <= maxWidth) { line = candidate; continue; }
                if (line.Length > 0) lines.Add(line);
                line = word;
                while (font.MeasureText(line) > maxWidth)
                {
                    var fit = BreakInside(line, font, maxWidth);
                    lines.Add(line[..fit]);
                    line = line[fit..];
                }
            }
            lines.Add(line);
        }
        return lines.Count <= maxLines ? lines : [.. lines.Take(maxLines - 1), WithEllipsis(lines[maxLines - 1], font, maxWidth)];
    }

    /// <summary>Cuts <paramref name="text"/> with an ellipsis so it fits <paramref name="maxWidth"/>.</summary>
    public static string Fit(string text, SKFont font, float maxWidth) =>
        font.MeasureText(text) <= maxWidth ? text : WithEllipsis(text, font, maxWidth);

    private static string WithEllipsis(string text, SKFont font, float maxWidth)
    {
        var end = text.Length;
        while (end > 0 && font.MeasureText(string.Concat(text.AsSpan(0, end).TrimEnd(), Ellipsis)) > maxWidth) end--;
        return string.Concat(text.AsSpan(0, end).TrimEnd(), Ellipsis);
    }

    // After the last hyphen or slash that fits ("SAINT-PIERRE-", "//S1/10/…/30/"), if that fills at least half
    // the line; else wherever the line is full.
    private static int BreakInside(string word, SKFont font, float maxWidth)
    {
        var fit = Math.Max(1, FittingLength(word, font, maxWidth));
        var after = word.AsSpan(0, fit).LastIndexOfAny('-', '/') + 1;
        return after > fit / 2 ? after : fit;
    }

    // The longest prefix that fits; advances add up because nothing is shaped or kerned.
    private static int FittingLength(string text, SKFont font, float maxWidth)
    {
        int lo = 0, hi = text.Length;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (font.MeasureText(text.AsSpan(0, mid)) <= maxWidth) lo = mid; else hi = mid - 1;
        }
        return lo;
    }
}
