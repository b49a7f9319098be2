using Finance.Core.Documents;
using SkiaSharp;

namespace Finance.Tests.Documents;

public class TextLayoutTests
{
    private static SKFont Font() => DocumentFonts.For([SlipWorstCases.Message140, "…"]).Font(bold: false, 10);

    [Fact]
    public void Wrap_WordWiderThanWidth_BreaksInsideTheWord()
    {
        using var font = Font();
        var width = Pdf.Mm(52);

        var lines = TextLayout.Wrap(SlipWorstCases.BillInfo85, font, width);

        Assert.True(lines.Count > 1);
        Assert.All(lines, l => Assert.True(font.MeasureText(l) <= width, $"'{l}' is wider than {width} pt"));
        Assert.Equal(SlipWorstCases.BillInfo85, string.Concat(lines));
    }

    [Fact]
    public void Wrap_Words_BreaksAtSpacesNotInsideWords()
    {
        using var font = Font();

        var lines = TextLayout.Wrap("Rue de la Grande Fontaine", font, font.MeasureText("Rue de la Grande F"));

        Assert.Equal(["Rue de la Grande", "Fontaine"], lines);
    }

    [Fact]
    public void Wrap_HyphenatedWordWiderThanWidth_BreaksAfterAHyphen()
    {
        using var font = Font();

        var lines = TextLayout.Wrap("SAINT-PIERRE-DE-CHARTREUSE-LES-BAIN", font, font.MeasureText("SAINT-PIERRE-DE-CHARTREUSE-LES-BA"));

        Assert.Equal(["SAINT-PIERRE-DE-CHARTREUSE-LES-", "BAIN"], lines);
    }

    [Fact]
    public void Wrap_MoreLinesThanAllowed_EndsTheLastLineWithAnEllipsis()
    {
        using var font = Font();
        var width = Pdf.Mm(40);

        var lines = TextLayout.Wrap(SlipWorstCases.Message140, font, width, maxLines: 2);

        Assert.Equal(2, lines.Count);
        Assert.EndsWith("…", lines[1]);
        Assert.All(lines, l => Assert.True(font.MeasureText(l) <= width, $"'{l}' is wider than {width} pt"));
        Assert.Equal(TextLayout.Wrap(SlipWorstCases.Message140, font, width)[0], lines[0]);
    }
}
