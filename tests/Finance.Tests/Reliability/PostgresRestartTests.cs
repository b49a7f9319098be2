using System.Diagnostics;
using Finance.Tests.Infrastructure;
using Finance.Tests.Workflows.Embedded;
using Finance.Workflows.Builder;
using Finance.Workflows.Engines;
using Xunit.Abstractions;

namespace Finance.Tests.Reliability;

/// <summary>
/// PostgreSQL restarted as an operator does it (pg_ctl stop -m fast, then start) on a cluster of its own, while two
/// Finance.Workers processes run flows with the engine's production poll, lease and reconnect settings. Work must resume
/// within 10 s of the server accepting connections again, and every flow finish with a consistent journal.
/// Bench: bench/run.sh reliability-postgres.
/// </summary>
public sealed class PostgresRestartTests(PrivatePostgresFixture db, ITestOutputHelper output) : IClassFixture<PrivatePostgresFixture>
{
    private static readonly TimeSpan ResumeLimit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task PostgresRestartedUnderLoad_WorkResumesWithinTenSecondsAndEveryFlowFinishes()
    {
        var flows = BenchSettings.Int("FLOWS", 80);
        var down = TimeSpan.FromSeconds(BenchSettings.Int("DOWN_SECONDS", 2));
        var mode = BenchSettings.Text("STOP_MODE", "fast");
        using var h = FlowHarness.Create(db.DataSource, TimeProvider.System);
        var flow = await h.PublishAsync(Flow.Define(FlowHarness.NewFlowId("pg-restart"), "Restart under load")
            .Activity("sleep", "diag.sleep", a => a.Input("ms", "500"))
            .Activity("noop", "diag.noop")
            .Activity("record", "diag.record")
            .Complete("done").Build());
        var environment = WorkerProcesses.Environment(db.ConnectionString, db, concurrency: 4);
        foreach (var fastForTests in new[] { "Workflows__PollInterval", "Workflows__LeaseDuration", "Workflows__MaxReconnectInterval" })
        {
            environment.Remove(fastForTests); // the figure is the one production would see
        }
        await using var workers = await WorkerPool.StartAsync(2, environment);
        for (var i = 0; i < flows; i++)
        {
            await h.Engine.StartAsync(new StartFlowRequest(flow.Id), CancellationToken.None);
        }
        await ServerProcess.WaitUntilAsync(async () => await CompletedAsync(flow.Id) >= flows / 4, TimeSpan.FromSeconds(60),
            "a quarter of the flows to complete", workers.Output);

        var completedBefore = await CompletedAsync(flow.Id);
        var stoppedAt = DateTimeOffset.UtcNow;
        db.Server.Stop(mode);
        await Task.Delay(down);
        await db.Server.StartAsync();
        var readyAt = db.Server.LastReadyAt()!.Value;
        db.DataSource.Clear();
        var resumed = await FirstStepAfterAsync(readyAt, TimeSpan.FromSeconds(60));
        await ServerProcess.WaitUntilAsync(async () => await CompletedAsync(flow.Id) == flows, TimeSpan.FromSeconds(90),
            $"{flows} completed flows after the restart", workers.Output);
        var lastFinishedAt = await LastFinishedAsync(flow.Id);

        var resume = resumed - readyAt;
        BenchSettings.Report(output, ("flows", flows), ("stop_mode", mode), ("completed_before_restart", completedBefore),
            ("down_s", readyAt - stoppedAt), ("resume_s", resume ?? TimeSpan.MaxValue), ("all_done_s_after_ready", lastFinishedAt - readyAt),
            ("limit_s", ResumeLimit));

        Assert.True(completedBefore < flows, "Every flow finished before the restart: the run proved nothing.");
        Assert.True(resume < ResumeLimit, $"The first step after the restart completed {resume?.TotalSeconds} s after PostgreSQL was ready:\n{workers.Output()}");
        Assert.Equal(flows, await db.DataSource.CountAsync("SELECT count(*) FROM flow_diagnostic_records"));
        await WorkerProcesses.AssertJournalsConsistentAsync(db.DataSource, flow.Id);
    }

    private Task<long> CompletedAsync(string flowId) =>
        db.DataSource.CountAsync("SELECT count(*) FROM flow_instances WHERE flow_id = @flowId AND status = 'completed'", new { flowId });

    /// <summary>When the first step recorded after <paramref name="readyAt"/> was recorded (the journal's own timestamp), or null.</summary>
    private async Task<DateTimeOffset?> FirstStepAfterAsync(DateTimeOffset readyAt, TimeSpan timeout)
    {
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < timeout; await Task.Delay(100))
        {
            await using var connection = await db.DataSource.OpenConnectionAsync();
            var first = await Dapper.SqlMapper.ExecuteScalarAsync<DateTime?>(connection,
                "SELECT min(recorded_at) FROM flow_journal WHERE event->>'type' = 'activityCompleted' AND recorded_at > @readyAt", new { readyAt });
            if (first is { } at)
            {
                return new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc));
            }
        }
        return null;
    }

    private async Task<DateTimeOffset> LastFinishedAsync(string flowId)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var last = await Dapper.SqlMapper.ExecuteScalarAsync<DateTime>(connection, "SELECT max(finished_at) FROM flow_instances WHERE flow_id = @flowId", new { flowId });
        return new DateTimeOffset(DateTime.SpecifyKind(last, DateTimeKind.Utc));
    }
}
