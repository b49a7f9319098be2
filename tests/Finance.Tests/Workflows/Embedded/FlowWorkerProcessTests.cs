using System.Diagnostics;
using System.Text.Json.Nodes;
using Finance.Tests.Infrastructure;
using Finance.Workflows.Builder;
using Finance.Workflows.Engines;
using Npgsql;

namespace Finance.Tests.Workflows.Embedded;

/// <summary>Shared helpers for tests that run Finance.Workers as real processes against a database.</summary>
internal static class WorkerProcesses
{
    public static Dictionary<string, string> Environment(string connectionString, DatabaseFixture fixture, int concurrency = 5) => new()
    {
        ["ConnectionStrings__finance"] = connectionString,
        ["ConnectionStrings__redis"] = fixture.RedisConnectionString,
        ["Redis__KeyPrefix"] = fixture.RedisKeyPrefix,
        ["Workflows__EnableDiagnosticActivities"] = "true",
        ["Workflows__PollInterval"] = "00:00:00.020",
        ["Workflows__TimerPollInterval"] = "00:00:00.100",
        ["Workflows__LeaseDuration"] = "00:00:02",
        ["Workflows__MaxReconnectInterval"] = "00:00:00.500",
        ["Workflows__Queues__default"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["OutboxRelay__PollInterval"] = "00:00:00.200",
    };

    /// <summary>Every step completed at most once per instance, and journal seqs run 1..last_seq without gaps.</summary>
    public static async Task AssertJournalsConsistentAsync(NpgsqlDataSource dataSource, string flowId)
    {
        Assert.Equal(0, await dataSource.CountAsync("""
            SELECT count(*) FROM (
                SELECT j.instance_id, j.event->>'seq' FROM flow_journal j JOIN flow_instances i ON i.id = j.instance_id
                WHERE i.flow_id = @flowId AND j.event->>'type' = 'activityCompleted'
                GROUP BY j.instance_id, j.event->>'seq' HAVING count(*) > 1) duplicates
            """, new { flowId }));
        Assert.Equal(0, await dataSource.CountAsync("""
            SELECT count(*) FROM flow_instances i
            WHERE i.flow_id = @flowId AND (SELECT count(*) || ':' || max(seq) FROM flow_journal j WHERE j.instance_id = i.id) <> i.last_seq || ':' || i.last_seq
            """, new { flowId }));
    }
}

/// <summary>Workers as separate processes: killed mid-activity, and many flows across two of them.</summary>
public sealed class FlowWorkerProcessTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IDisposable
{
    private readonly FlowHarness _h = FlowHarness.Create(db.DataSource, TimeProvider.System);

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Worker_KilledDuringActivity_RestartedWorkerFinishesAndSideEffectHappensOnce()
    {
        var flow = await _h.PublishAsync(Flow.Define(FlowHarness.NewFlowId("kill"), "Kill")
            .Activity("sleep", "diag.sleep", a => a.Input("ms", "1500"))
            .Activity("record", "diag.record", a => a.Input("value", "'once'"))
            .Complete("done").Build());
        var environment = WorkerProcesses.Environment(db.ConnectionString, db);
        var first = await HostProcess.StartAsync("Finance.Workers", environment);
        FlowInstanceRef started;
        try
        {
            started = await _h.Engine.StartAsync(new StartFlowRequest(flow.Id), CancellationToken.None);
            await ServerProcess.WaitUntilAsync(async () => await db.DataSource.CountAsync(
                "SELECT count(*) FROM flow_work_items WHERE instance_id = @id AND activity_name = 'diag.sleep' AND status = 'active'",
                new { id = started.InstanceId }) == 1, TimeSpan.FromSeconds(30), "diag.sleep to run in the first worker", () => first.Output);

            Process.GetProcessById(first.Pid).Kill(); // SIGKILL: no shutdown, the lease stays behind
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var second = await HostProcess.StartAsync("Finance.Workers", environment);
        await ServerProcess.WaitUntilAsync(async () => (await _h.InstanceAsync(started.InstanceId)).Instance.Status == "completed",
            TimeSpan.FromSeconds(30), "the second worker to complete the instance", () => second.Output);

        Assert.Equal(1, await db.DataSource.CountAsync(
            "SELECT count(*) FROM flow_diagnostic_records WHERE instance_id = @id AND executions = 1", new { id = started.InstanceId }));
        await WorkerProcesses.AssertJournalsConsistentAsync(db.DataSource, flow.Id);
    }

    [Fact]
    public async Task Worker_IdleWithMinutePoll_WakesOnNotificationWhenWorkIsStarted()
    {
        const string Sleeping = "Queue default idle: sleeping until a work signal";
        const string WokenBySignal = "Queue default woken by a work signal";
        var flow = await _h.PublishAsync(Flow.Define(FlowHarness.NewFlowId("wake"), "Wake")
            .Activity("record", "diag.record", a => a.Input("value", "'woken'")).Complete("done").Build());
        var environment = WorkerProcesses.Environment(db.ConnectionString, db);
        environment["Workflows__PollInterval"] = "00:01:00";
        environment["Logging__LogLevel__Finance.Workers.Flows.FlowQueueWorker"] = "Debug";
        await using var worker = await HostProcess.StartAsync("Finance.Workers", environment);
        // The queue loop says when it goes to sleep: without that line the worker never slept, and the test fails here.
        await ServerProcess.WaitUntilAsync(() => Task.FromResult(worker.Output.Contains(Sleeping, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the default queue's loop to go to sleep", () => worker.Output);
        var wokenBefore = Occurrences(worker.Output, WokenBySignal);

        var started = await _h.Engine.StartAsync(new StartFlowRequest(flow.Id), CancellationToken.None);

        // The poll is a minute away: only the notification sent at commit can have woken the loop to run it.
        await ServerProcess.WaitUntilAsync(async () => (await _h.InstanceAsync(started.InstanceId)).Instance.Status == "completed",
            TimeSpan.FromSeconds(20), "the woken worker to complete the instance", () => worker.Output);
        Assert.True(Occurrences(worker.Output, WokenBySignal) > wokenBefore, worker.Output);
        Assert.DoesNotContain("Queue default woken by the poll interval", worker.Output, StringComparison.Ordinal);
        Assert.Equal(1, await db.DataSource.CountAsync("SELECT count(*) FROM flow_diagnostic_records WHERE instance_id = @id", new { id = started.InstanceId }));
    }

    private static int Occurrences(string text, string line) => text.Split(line).Length - 1;

    [Fact]
    public async Task Workers_TwoProcessesThousandFlows_NoneLostNoStepTwiceJournalsInOrder()
    {
        const int flows = 1000;
        var flow = await _h.PublishAsync(Flow.Define(FlowHarness.NewFlowId("many"), "Many").Input("n")
            .Activity("first", "diag.noop", a => a.Input("n", "input.n").Output("r"))
            .Activity("record", "diag.record", a => a.Input("value", "vars.r.n"))
            .Complete("done").Build());
        var environment = WorkerProcesses.Environment(db.ConnectionString, db, concurrency: 8);
        var workers = await Task.WhenAll(HostProcess.StartAsync("Finance.Workers", environment), HostProcess.StartAsync("Finance.Workers", environment));
        try
        {
            await Parallel.ForAsync(0, flows, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, ct) =>
                await _h.Engine.StartAsync(new StartFlowRequest(flow.Id, new JsonObject { ["n"] = n }), ct));

            await ServerProcess.WaitUntilAsync(async () => await db.DataSource.CountAsync(
                "SELECT count(*) FROM flow_instances WHERE flow_id = @id AND status = 'completed'", new { id = flow.Id }) == flows,
                TimeSpan.FromSeconds(90), $"{flows} completed flows", () => workers[0].Output + "\n----\n" + workers[1].Output);

            Assert.Equal(flows, await db.DataSource.CountAsync(
                "SELECT count(*) FROM flow_diagnostic_records r JOIN flow_instances i ON i.id = r.instance_id WHERE i.flow_id = @id AND r.executions = 1",
                new { id = flow.Id }));
            await WorkerProcesses.AssertJournalsConsistentAsync(db.DataSource, flow.Id);
            Assert.Equal(2, await db.DataSource.CountAsync(
                "SELECT count(DISTINCT split_part(lease_owner, ':', 2)) FROM flow_work_items w JOIN flow_instances i ON i.id = w.instance_id WHERE i.flow_id = @id",
                new { id = flow.Id }));
        }
        finally
        {
            await Task.WhenAll(workers.Select(w => w.DisposeAsync().AsTask()));
        }
    }
}

/// <summary>The class's database on a PostgreSQL cluster of its own: the test restarts it.</summary>
public sealed class PrivatePostgresFixture : DatabaseFixture
{
    public PostgresServer Server { get; private set; } = null!;

    // fsync on: an immediate stop must not lose commits the engine was told about.
    protected override async Task<PostgresServer> ServerAsync() => Server = await PostgresServer.StartNewAsync(fsync: true);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Server.DisposeAsync();
    }
}

public sealed class FlowPostgresRestartTests(PrivatePostgresFixture db) : IClassFixture<PrivatePostgresFixture>
{
    [Fact]
    public async Task Workers_PostgresRestartedMidRun_ReconnectAndEveryFlowCompletes()
    {
        const int flows = 40;
        using var h = FlowHarness.Create(db.DataSource, TimeProvider.System);
        var flow = await h.PublishAsync(Flow.Define(FlowHarness.NewFlowId("restart"), "Restart")
            .Activity("sleep", "diag.sleep", a => a.Input("ms", "300"))
            .Activity("record", "diag.record")
            .Complete("done").Build());
        await using var worker = await HostProcess.StartAsync("Finance.Workers", WorkerProcesses.Environment(db.ConnectionString, db, concurrency: 4));
        for (var i = 0; i < flows; i++)
        {
            await h.Engine.StartAsync(new StartFlowRequest(flow.Id), CancellationToken.None);
        }

        await ServerProcess.WaitUntilAsync(async () => await db.DataSource.CountAsync(
            "SELECT count(*) FROM flow_instances WHERE status = 'completed'") >= 4, TimeSpan.FromSeconds(30), "4 completed flows", () => worker.Output);
        db.Server.Stop();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await db.Server.StartAsync();
        db.DataSource.Clear();

        await ServerProcess.WaitUntilAsync(async () => await db.DataSource.CountAsync(
            "SELECT count(*) FROM flow_instances WHERE status = 'completed'") == flows, TimeSpan.FromSeconds(60), $"{flows} completed flows after the restart", () => worker.Output);
        // One side-effect row per step. Its executions may be 2: an activity that finished while the server was down
        // could not record its outcome, so it ran again after the lease expired — at least once, idempotent by key.
        Assert.Equal(flows, await db.DataSource.CountAsync("SELECT count(*) FROM flow_diagnostic_records"));
        await WorkerProcesses.AssertJournalsConsistentAsync(db.DataSource, flow.Id);
    }
}

/// <summary>Leases in-process with the real clock: a long activity keeps its lease; another worker cannot take it.</summary>
public sealed class FlowLeaseTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Lease_ActivityOutlivesLeaseDuration_HeartbeatKeepsOtherWorkersOff()
    {
        // The activity outlives three leases; a 1.5 s lease (heartbeat every 0.5 s) leaves room for a busy CI machine.
        using var first = FlowHarness.Create(db.DataSource, TimeProvider.System, TimeSpan.FromMilliseconds(1500));
        using var second = FlowHarness.Create(db.DataSource, TimeProvider.System, TimeSpan.FromMilliseconds(1500));
        var flow = await first.PublishAsync(Flow.Define(FlowHarness.NewFlowId("lease"), "Lease")
            .Activity("sleep", "diag.sleep", a => a.Input("ms", "4500"))
            .Activity("record", "diag.record", a => a.Queue("notifications")) // not on the queue the second worker watches
            .Complete("done").Build());
        var started = await first.Engine.StartAsync(new StartFlowRequest(flow.Id), CancellationToken.None);

        // The first worker's host keeps its leases, as Finance.Workers does (FlowLeaseHeartbeatService).
        using var stopping = new CancellationTokenSource();
        var heartbeat = first.Heartbeat.RunAsync(stopping.Token);
        var running = first.Runner.RunOnceAsync("default", 1, CancellationToken.None);
        var stolen = 0;
        while (!running.IsCompleted)
        {
            await Task.Delay(150);
            stolen += await second.Runner.RunOnceAsync("default", 1, CancellationToken.None);
        }

        Assert.Equal(1, await running);
        await stopping.CancelAsync();
        await heartbeat; // the loop ends with its host, without an exception
        Assert.Equal(0, stolen);
        await first.DrainAsync();
        Assert.Equal("completed", (await first.InstanceAsync(started.InstanceId)).Instance.Status);
        await WorkerProcesses.AssertJournalsConsistentAsync(db.DataSource, flow.Id);
    }
}
