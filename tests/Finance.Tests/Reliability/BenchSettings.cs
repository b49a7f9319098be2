using System.Globalization;
using Xunit.Abstractions;

namespace Finance.Tests.Reliability;

/// <summary>
/// What a reliability test shares with its benchmark (bench/run.sh reliability-*): ./test.sh runs the test at a size that
/// keeps it well under a minute; the bench runs the same test at full size through <c>FINANCE_RELIABILITY_{NAME}</c> and
/// prints the <c>RESULT</c> line the test appended to <c>FINANCE_BENCH_RESULT</c>. One scenario, so the figure the
/// bench prints comes from the code the test asserts on.
/// </summary>
internal static class BenchSettings
{
    public static int Int(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable($"FINANCE_RELIABILITY_{name}"), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value : fallback;

    public static string Text(string name, string fallback) =>
        Environment.GetEnvironmentVariable($"FINANCE_RELIABILITY_{name}") is { Length: > 0 } value ? value : fallback;

    /// <summary>Writes the figures as <c>RESULT key=value …</c>, before the test asserts on them, so a failing run still reports.</summary>
    public static void Report(ITestOutputHelper output, params (string Key, object Value)[] figures)
    {
        var line = "RESULT " + string.Join(' ', figures.Select(f => $"{f.Key}={Format(f.Value)}"));
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("FINANCE_BENCH_RESULT") is { Length: > 0 } path)
        {
            File.AppendAllText(path, line + "\n");
        }
    }

    private static string Format(object value) => value switch
    {
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        TimeSpan t => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
