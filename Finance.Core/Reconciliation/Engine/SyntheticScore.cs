namespace Finance.Core.Reconciliation.Engine;

/// <summary>How a result compares with a <see cref="SyntheticCase"/>'s truth.</summary>
/// <remarks><c>AutoPrecision</c>: correct automatic matches / automatic matches (1 when there are none).
/// <c>Recall</c>: lines whose true items were found, automatically or as the first suggestion / lines that pay something.</remarks>
public sealed record SyntheticScore(int Auto, int AutoCorrect, int Payments, int Found, double AutoPrecision, double Recall)
{
    public static SyntheticScore Of(SyntheticCase @case, ReconcileResult result)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(result);
        var truth = new Dictionary<Guid, Guid[]>(@case.Lines.Count);
        for (var k = 0; k < @case.Lines.Count; k++) truth.Add(@case.Lines[k].Id, @case.Truth[k]);
        var found = new HashSet<Guid>();
        var autoCorrect = 0;
        foreach (var match in result.AutoConfirmed)
        {
            if (!Same(match, truth[match.LineId])) continue;
            autoCorrect++;
            found.Add(match.LineId);
        }
        foreach (var line in result.Suggestions)
            if (line.Ranked.Count > 0 && Same(line.Ranked[0], truth[line.LineId])) found.Add(line.LineId);
        var payments = @case.Truth.Count(t => t.Length > 0);
        var auto = result.AutoConfirmed.Count;
        return new SyntheticScore(auto, autoCorrect, payments, found.Count,
            auto == 0 ? 1 : (double)autoCorrect / auto, payments == 0 ? 1 : (double)found.Count / payments);
    }

    private static bool Same(ReconcileMatch match, Guid[] items) =>
        items.Length > 0 && match.Allocations.Count == items.Length && match.Allocations.All(a => items.Contains(a.ItemId));
}
