using System.Diagnostics.Metrics;
using Finance.Core.Diagnostics;

namespace Finance.Core.Banking.Sync;

/// <summary>The syncs' metric on Finance's meter (<see cref="FinanceDiagnostics"/>): records by source and outcome (bounded tags, no company).</summary>
internal static class SyncDiagnostics
{
    public static readonly Counter<long> Records = FinanceDiagnostics.Meter.CreateCounter<long>("finance.sync.records", "{record}",
        "Records a sync run wrote (synced), could not take (error) or kept for review (conflict), by source.");

    public static void Count(string source, int synced, int errors, int conflicts)
    {
        Add(source, "synced", synced);
        Add(source, "error", errors);
        Add(source, "conflict", conflicts);
    }

    private static void Add(string source, string outcome, int count)
    {
        if (count > 0) Records.Add(count, new("finance.sync.source", source), new("finance.sync.outcome", outcome));
    }
}
