using System.Diagnostics;
using System.Globalization;
using Finance.Core.Reconciliation.Engine;

namespace Finance.Bench;

/// <summary>
/// Reconciliation speed and quality on generated books with known truth (SyntheticBook): the indexed engine at SIZE and
/// 10 × SIZE (items × lines), and the naive pairwise matcher on the largest size it finishes in about NAIVE_SECONDS.
/// Only matching is timed (generation is not); a small run warms the JIT first. Prints a table, then key=value.
/// </summary>
internal static class ReconcileBench
{
    public static int Run(string[] args)
    {
        var size = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var naiveBudget = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var options = new ReconcileOptions();

        // Warm-up until the hot methods are re-jitted at tier 1 (a method is promoted after 30 calls, compiled in the
        // background): one pass leaves much of a single Reconcile call in tier-0 code, a long-running worker would not be.
        var warmUp = SyntheticBook.Generate(20_000, 7);
        for (var i = 0; i < 4; i++)
        {
            Measure(warmUp, options);
            Thread.Sleep(250);
        }
        Console.WriteLine("engine     items×lines      seconds   cpu_seconds   allocated_MB   auto   auto_precision   recall");
        var small = Measure(SyntheticBook.Generate(size, 1), options);
        Print("indexed", size, small);
        var large = Measure(SyntheticBook.Generate(size * 10, 2), options);
        Print("indexed", size * 10, large);

        // Quadratic: time a probe, then pick the size the budget allows.
        var probeCase = SyntheticBook.Generate(1_000, 3);
        MeasureNaive(probeCase, options);
        var probe = MeasureNaive(probeCase, options);
        var naiveSize = (int)(1_000 * Math.Sqrt(naiveBudget / Math.Max(probe.Seconds, 1e-3)) / 500) * 500;
        var naive = MeasureNaive(SyntheticBook.Generate(Math.Max(1_000, naiveSize), 3), options);
        Print("naive", Math.Max(1_000, naiveSize), naive);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"s_100k={small.Seconds:F3} s_1m={large.Seconds:F3} growth_10x={large.Seconds / small.Seconds:F2} naive_s={naive.Seconds:F2} naive_n={Math.Max(1_000, naiveSize)} auto_precision={small.Score.AutoPrecision:F4} recall={small.Score.Recall:F4} auto_precision_1m={large.Score.AutoPrecision:F4} recall_1m={large.Score.Recall:F4} cpu_s_100k={small.CpuSeconds:F3} cpu_s_1m={large.CpuSeconds:F3} allocated_mb_100k={small.AllocatedMb:F0} allocated_mb_1m={large.AllocatedMb:F0}"));
        return 0;
    }

    /// <summary>CpuSeconds: processor time of the whole process over the run, shown beside wall time because the
    /// bench machine is shared: wall time under load overstates, CPU time / cores is what an idle machine would take.</summary>
    private sealed record Measurement(double Seconds, double CpuSeconds, double AllocatedMb, SyntheticScore Score);

    private static Measurement Measure(SyntheticCase @case, ReconcileOptions options) =>
        Timed(@case, () => Reconciler.Reconcile(@case.Items, @case.Lines, @case.Rules, options));

    private static Measurement MeasureNaive(SyntheticCase @case, ReconcileOptions options) =>
        Timed(@case, () => NaiveReconciler.Reconcile(@case.Items, @case.Lines, options));

    private static Measurement Timed(SyntheticCase @case, Func<ReconcileResult> match)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        var result = match();
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - before) / 1e6;
        return new Measurement(seconds, cpuSeconds, allocated, SyntheticScore.Of(@case, result));
    }

    private static void Print(string engine, int size, Measurement run) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{engine,-10} {size,8}×{size,-8} {run.Seconds,9:F3} {run.CpuSeconds,13:F3} {run.AllocatedMb,14:F0} {run.Score.Auto,6} {run.Score.AutoPrecision,16:F4} {run.Score.Recall,8:F4}"));
}
