using Finance.Core.Reconciliation.Engine;

namespace Finance.Tests.Reconciliation.Engine;

/// <summary>The allocation-free forms the matching loop uses give exactly what the string forms give, and the normalising
/// index keys find an item by the normalised text a bank line carries.</summary>
public sealed class NormalizationTests
{
    [Theory]
    [InlineData("Müller Bau AG")]
    [InlineData("MUELLER BAU")]
    [InlineData("  Favre Menuiserie Sàrl, Genève ")]
    [InlineData("Käser & Co. Treuhand")]
    [InlineData("Straße Œuvre GmbH")]
    [InlineData("Grüß Gott ° Verein")]
    [InlineData("Şahin İnşaat Ltd")]
    [InlineData("")]
    public void Normalize_SpanForm_EqualsStringForm(string name)
    {
        var expected = Names.Normalize(name);
        var buffer = new char[name.Length];

        if (Names.NormalizedFits(name, buffer)) Assert.Equal(expected, new string(buffer, 0, Names.Normalize(name, buffer)));
        var trigrams = new int[expected.Length];
        Assert.Equal(Names.Trigrams(expected), trigrams[..Names.Trigrams(expected, trigrams)]);
    }

    [Fact]
    public void Normalize_NameOutsideLatinExtendedA_TakesTheDecomposingPath()
    {
        Assert.False(Names.NormalizedFits("Grüß Gott ° Verein", new char[64]));
        Assert.Equal("gruss gott verein", Names.Normalize("Grüß Gott ° Verein"));
        Assert.Equal("gruss", Names.Normalize("GRÜSS"));
    }

    [Theory]
    [InlineData("CH93 0076 2011 6238 5295 7", "CH9300762011623852957")]
    [InlineData("ch9300762011623852957", "CH9300762011623852957")]
    [InlineData("CH9300762011623852957", "CH9300762011623852957")]
    public void Iban_AnySpacingOrCase_OneForm(string iban, string expected)
    {
        Assert.Equal(expected, Names.Iban(iban));
        Assert.Equal(Names.IsNormalIban(iban), ReferenceEquals(iban, Names.Iban(iban)));
    }

    [Fact]
    public void NormalizedKeys_RawKey_FoundByNormalisedText()
    {
        var numbers = new Dictionary<string, int>(NormalizedKeys.Numbers) { ["RE-2026-0042"] = 1, ["F123456-7"] = 2 };
        var references = new Dictionary<string, int>(NormalizedKeys.References) { ["RF18 5390 0754 7034"] = 3 };

        Assert.Equal(1, numbers.GetAlternateLookup<ReadOnlySpan<char>>()[Names.Number("re 2026/0042")]);
        Assert.Equal(2, numbers["f123456 7"]);
        Assert.False(numbers.ContainsKey("RE-2026-0043"));
        Assert.Equal(3, references.GetAlternateLookup<ReadOnlySpan<char>>()[ReferenceScanner.Normalize("rf18539007547034")!]);
        Assert.False(references.ContainsKey("RF18539007547035"));
    }

    [Fact]
    public void Reconcile_SameBookTwice_SameResult()
    {
        var generated = SyntheticBook.Generate(6_000, 31);
        var options = new ReconcileOptions();

        var first = Reconciler.Reconcile(generated.Items, generated.Lines, generated.Rules, options);
        var second = Reconciler.Reconcile(generated.Items, generated.Lines, generated.Rules, options);

        Assert.Equal(Describe(first), Describe(second));
    }

    private static string[] Describe(ReconcileResult result) =>
    [
        .. result.AutoConfirmed.Select(m => $"A {m.LineId} {m.Kind} {m.Score} {string.Join(',', m.Allocations)} {string.Join(';', m.Reasons)}"),
        .. result.Suggestions.Select(s => $"S {s.LineId} {string.Join('|', s.Ranked.Select(m => $"{m.Kind} {m.Score} {string.Join(',', m.Allocations)}"))}"),
        .. result.Unmatched.Select(u => $"U {u}"),
    ];
}
