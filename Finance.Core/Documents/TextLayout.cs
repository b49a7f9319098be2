using SkiaSharp;

namespace Finance.Core.Documents;

/// <summary>Greedy word wrapping with the font's own advance widths.</summary>
internal static class TextLayout
{
    public static List<string> Wrap(string text, SKFont font, float maxWidth)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && font.MeasureText(candidate) > maxWidth)
                {
                    lines.Add(line);
                    line = word;
                }
                else line = candidate;
            }
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>Cuts <paramref name="text"/> with an ellipsis so it fits <paramref name="maxWidth"/>.</summary>
    public static string Fit(string text, SKFont font, float maxWidth)
    {
        if (font.MeasureText(text) <= maxWidth) return text;
        var end = text.Length;
        while (end > 0 && font.MeasureText(string.Concat(text.AsSpan(0, end), "…")) > maxWidth) end--;
        return string.Concat(text.AsSpan(0, end), "…");
    }
}
