using Finance.Core.Reconciliation.Engine;

namespace Finance.Tests.Reconciliation.Engine;

/// <summary>The bench's generator at a small size: the engine must hold the bench's quality targets, and beat the
/// pairwise baseline's recall (which has no batch or split search) on the same book.</summary>
public sealed class SyntheticBookTests
{
    [Theory]
    [InlineData(4_000, 21)]
    [InlineData(12_000, 22)]
    public void Reconcile_GeneratedBook_MeetsPrecisionAndRecallTargets(int size, int seed)
    {
        var generated = SyntheticBook.Generate(size, seed);

        var score = SyntheticScore.Of(generated, Reconciler.Reconcile(generated.Items, generated.Lines, generated.Rules, new ReconcileOptions()));

        Assert.True(score.AutoPrecision >= 0.995, $"auto precision {score.AutoPrecision:F4} ({score.AutoCorrect}/{score.Auto})");
        Assert.True(score.Recall >= 0.95, $"recall {score.Recall:F4} ({score.Found}/{score.Payments})");
        Assert.True(score.Auto > size / 2, $"only {score.Auto} automatic matches");
    }

    [Fact]
    public void Generate_SameSeed_SameBook()
    {
        var a = SyntheticBook.Generate(500, 5);
        var b = SyntheticBook.Generate(500, 5);

        Assert.Equal(a.Items, b.Items);
        Assert.Equal(a.Lines, b.Lines);
        Assert.Equal(500, a.Items.Count);
        Assert.True(a.Lines.Count >= 500);
    }

    [Fact]
    public void NaiveReconciler_SameBook_FindsFewerTrueMatches()
    {
        var generated = SyntheticBook.Generate(1_500, 23);
        var options = new ReconcileOptions();

        var indexed = SyntheticScore.Of(generated, Reconciler.Reconcile(generated.Items, generated.Lines, [], options));
        var naive = SyntheticScore.Of(generated, NaiveReconciler.Reconcile(generated.Items, generated.Lines, options));

        Assert.True(naive.Recall < indexed.Recall, $"naive {naive.Recall:F4}, indexed {indexed.Recall:F4}");
        Assert.True(naive.AutoPrecision >= 0.99, $"naive precision {naive.AutoPrecision:F4}");
    }
}
