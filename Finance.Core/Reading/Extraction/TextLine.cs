using System.Text;

namespace Finance.Core.Reading.Extraction;

/// <summary>A word placed on its line: horizontal extent in any unit and the recognizer's confidence (1 for a text layer).</summary>
internal readonly record struct PlacedWord(string Text, double Left, double Right, decimal Confidence);

/// <summary>One line of a page, words joined by a space, or by two where a column gap separates them (a label and its value).</summary>
internal sealed record TextLine(int Page, string Text, IReadOnlyList<(int Start, int End, decimal Confidence)> Words)
{
    /// <summary>The lowest confidence of the words a match touches; what a field read from that match can claim.</summary>
    public decimal ConfidenceOf(int start, int length)
    {
        var touched = Words.Where(w => w.Start < start + length && w.End > start).Select(w => w.Confidence).ToList();
        return touched.Count == 0 ? 1m : touched.Min();
    }

    /// <summary>The left edges of the words, in the unit they were placed in (points for a text layer, pixels for OCR).</summary>
    public IReadOnlyList<double> Lefts { get; init; } = [];

    /// <summary>The width of an average character on this line, in the same unit as <see cref="Lefts"/>.</summary>
    public double CharWidth { get; init; }

    /// <summary>The left edge of the word at a character position, null when the line was built without positions.</summary>
    public double? LeftAt(int position)
    {
        for (var i = 0; i < Words.Count && i < Lefts.Count; i++)
        {
            if (position < Words[i].End) return Lefts[i];
        }
        return null;
    }

    /// <summary>Builds a line from words in reading order (left to right).</summary>
    public static TextLine From(int page, IReadOnlyList<PlacedWord> words)
    {
        var text = new StringBuilder();
        var spans = new List<(int, int, decimal)>(words.Count);
        var charWidth = words.Sum(w => w.Right - w.Left) / Math.Max(1, words.Sum(w => w.Text.Length));
        for (var i = 0; i < words.Count; i++)
        {
            if (i > 0) text.Append(words[i].Left - words[i - 1].Right > 2.5 * charWidth ? "  " : " ");
            spans.Add((text.Length, text.Length + words[i].Text.Length, words[i].Confidence));
            text.Append(words[i].Text);
        }
        return new TextLine(page, text.ToString(), spans) { Lefts = [.. words.Select(w => w.Left)], CharWidth = charWidth };
    }
}
