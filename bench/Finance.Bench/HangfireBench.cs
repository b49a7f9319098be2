using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Hangfire.PostgreSql;

namespace Finance.Bench;

/// <summary>
/// Hangfire.PostgreSql on the same PostgreSQL: COUNT trivial jobs enqueued by 16 concurrent callers, WORKERS workers,
/// jobs/s from the first enqueue to the last completion and enqueue→start latency.
/// </summary>
internal static class HangfireBench
{
    private static readonly ConcurrentQueue<double> Latencies = new();
    private static long _done;
    private static long _last;

    public static int Run(string[] args)
    {
        var (connectionString, count, workers) = (args[0], int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture));
        GlobalConfiguration.Configuration
            .UseSimpleAssemblyNameTypeSerializer()
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), new PostgreSqlStorageOptions
            {
                // Hangfire's default poll is 15 s; ask it to look as often as the engine's workers do (below its 50 ms floor).
                AllowUnsafeValues = true,
                QueuePollInterval = TimeSpan.FromMilliseconds(20),
                PrepareSchemaIfNecessary = true,
            });
        using var server = new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = workers });

        var clock = Clock;
        clock.Restart();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, _ =>
            BackgroundJob.Enqueue(() => Job(clock.Elapsed.TotalMilliseconds)));
        while (Interlocked.Read(ref _done) < count)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException("Hangfire jobs did not complete within 5 minutes.");
            }

            Thread.Sleep(20);
        }

        var seconds = TimeSpan.FromTicks(Interlocked.Read(ref _last)).TotalSeconds;
        var sorted = Latencies.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hangfire_jobs_per_s={count / seconds:F1} hangfire_p50_ms={sorted[sorted.Length / 2]:F1} hangfire_p99_ms={sorted[Math.Min(sorted.Length - 1, sorted.Length * 99 / 100)]:F1}"));
        return 0;
    }

    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    /// <summary>The job: records enqueue→start latency on the shared clock.</summary>
    public static void Job(double enqueuedAtMs)
    {
        Latencies.Enqueue(Clock.Elapsed.TotalMilliseconds - enqueuedAtMs);
        Interlocked.Exchange(ref _last, Clock.Elapsed.Ticks);
        Interlocked.Increment(ref _done);
    }
}
