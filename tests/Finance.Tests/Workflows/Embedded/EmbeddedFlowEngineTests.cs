using System.Text.Json.Nodes;
using Finance.Workflows.Runs;
using Finance.Tests.Infrastructure;
using Finance.Workflows.Builder;
using Finance.Workflows.Engines;
using Finance.Workflows.Engines.Embedded;

namespace Finance.Tests.Workflows.Embedded;

/// <summary>The embedded engine in-process on real PostgreSQL; time moves only when a test moves it.</summary>
public sealed class EmbeddedFlowEngineTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IDisposable
{
    private readonly FlowHarness _h = FlowHarness.Create(db.DataSource);

    public void Dispose() => _h.Dispose();

    private Task<FlowInstanceRef> StartAsync(string flowId, JsonObject? input = null, string? company = null) =>
        _h.Engine.StartAsync(new StartFlowRequest(flowId, input, company, CorrelationId: "corr-" + flowId), CancellationToken.None);

    private async Task<string> StatusAsync(string id) => (await _h.InstanceAsync(id)).Instance.Status;

    [Fact]
    public async Task Start_ActivityFlow_RunsActivityAndCompletesWithOutputAndEvent()
    {
        var flow = await _h.PublishAsync(Flow.Define(FlowHarness.NewFlowId("simple"), "Simple").Input("x")
            .Activity("echo", "diag.noop", a => a.Input("value", "input.x * 2").Output("echoed"))
            .Complete("done", "({ doubled: vars.echoed.value })")
            .Build());

        var started = await StartAsync(flow.Id, new JsonObject { ["x"] = 21 }, "HYPERVISUAL");
        Assert.Equal("running", await StatusAsync(started.InstanceId));
        Assert.Equal(1, await _h.DrainAsync());

        var details = await _h.InstanceAsync(started.InstanceId);
        Assert.Equal("completed", details.Instance.Status);
        Assert.Equal(42, (int)JsonNode.Parse(details.StateJson)!["output"]!["doubled"]!);
        Assert.Equal(["started", "activityCompleted"], details.Journal.Select(j => (string)JsonNode.Parse(j.EventJson)!["type"]!));
        Assert.Equal(1, await _h.DataSource.OutboxCountAsync("job.completed", "instanceId", started.InstanceId));
    }

    [Fact]
    public async Task Start_ManyAtOnceWithOneBad_BadOneFailsAloneOthersStartOnceEach()
    {
        var flow = await _h.PublishAsync(Flow.Define(FlowHarness.NewFlowId("burst"), "Burst").Input("n")
            .Activity("echo", "diag.noop", a => a.Input("n", "input.n")).Complete("done").Build());

        // Concurrent starts share transactions (group commit); the one naming no published flow must not sink the others.
        var starts = Enumerable.Range(0, 40).Select(n => n == 17
            ? _h.Engine.StartAsync(new StartFlowRequest(FlowHarness.NewFlowId("missing")), CancellationToken.None)
            : _h.Engine.StartAsync(new StartFlowRequest(flow.Id, new JsonObject { ["n"] = n }, "LEXAIA"), CancellationToken.None)).ToList();
        var bad = starts[17];
        starts.RemoveAt(17);

        await Assert.ThrowsAsync<FlowNotFoundException>(() => bad);
        var started = await Task.WhenAll(starts);
        Assert.Equal(39, started.Select(s => s.InstanceId).Distinct().Count());
        Assert.Equal(39, await _h.DataSource.CountAsync(
            "SELECT count(*) FROM flow_instances WHERE flow_id = @id AND status = 'running' AND last_seq = 1 AND company_id = 3", new { id = flow.Id }));
        Assert.Equal(39, await _h.DataSource.CountAsync("""
            SELECT count(*) FROM flow_work_items w JOIN flow_instances i ON i.id = w.instance_id
            WHERE i.flow_id = @id AND w.status = 'waiting' AND (w.input->>'n')::int = (i.state->'input'->>'n')::int
            """, new { id = flow.Id }));
        Assert.Equal(39, await _h.DrainAsync());
        Assert.Equal(39, await _h.DataSource.CountAsync("SELECT count(*) FROM flow_instances WHERE flow_id = @id AND status = 'completed'", new { id = flow.Id }));
    }

    [Fact]
    public async Task Delay_TimeMoves_TimerFiresOnlyWhenDue()
    {
        var flow = await _h.PublishAsync(Flow.Define(FlowHarness.NewFlowId("delay"), "Delay")
            .Delay("pause", TimeSpan.FromMinutes(10)).Complete("done").Build());
        var started = await StartAsync(flow.Id);

        await _h.DrainAsync();
        Assert.Equal("waiting", await StatusAsync(started.InstanceId));
        _h.FakeTime.Advance(TimeSpan.FromMinutes(9));
        await _h.DrainAsync();
        Assert.Equal("waiting", await StatusAsync(started.InstanceId));
        _h.FakeTime.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await _h.DrainAsync());
        Assert.Equal("completed", await StatusAsync(started.InstanceId));
    }

    private Task<Finance.Workflows.Model.FlowDefinition> PublishWaitFlowAsync() => _h.PublishAsync(Flow.Define(FlowHarness.NewFlowId("wait"), "Wait")
        .Wait("paid", "payment.received", TimeSpan.FromDays(14), t => t.Fail("unpaid", "'not paid in time'"), output: "payment")
        .Complete("done", "({ amount: vars.payment.amount })")
        .Build());

    [Fact]
    public async Task Wait_SignalArrives_ContinuesWithPayloadAndDropsTimeoutTimer()
    {
        var flow = await PublishWaitFlowAsync();
        var started = await StartAsync(flow.Id);
        Assert.Equal("waiting", await StatusAsync(started.InstanceId));

        await _h.Engine.SignalAsync(started.InstanceId, "payment.received", new JsonObject { ["amount"] = 120.5 }, CancellationToken.None);

        var details = await _h.InstanceAsync(started.InstanceId);
        Assert.Equal("completed", details.Instance.Status);
        Assert.Equal(120.5, (double)JsonNode.Parse(details.StateJson)!["output"]!["amount"]!);
        Assert.Equal("cancelled", Assert.Single(details.WorkItems).Status);
    }

    [Fact]
    public async Task Wait_NoSignalBeforeTimeout_RunsTimeoutPath()
    {
        var flow = await PublishWaitFlowAsync();
        var started = await StartAsync(flow.Id);

        _h.FakeTime.Advance(TimeSpan.FromDays(14));
        await _h.DrainAsync();

        var details = await _h.InstanceAsync(started.InstanceId);
        Assert.Equal("failed", details.Instance.Status);
        Assert.Equal("not paid in time", (string)JsonNode.Parse(details.StateJson)!["failureReason"]!);
        Assert.Equal(1, await _h.DataSource.OutboxCountAsync("job.failed", "instanceId", started.InstanceId));
    }

    [Fact]
    public async Task Signal_UnknownFinishedOrMalformed_ClearErrorAndNothingWritten()
    {
        var flow = await PublishWaitFlowAsync();
        var started = await StartAsync(flow.Id);
        var journalBefore = await _h.DataSource.CountAsync("SELECT count(*) FROM flow_journal");

        await Assert.ThrowsAsync<FlowInstanceNotFoundException>(() =>
            _h.Engine.SignalAsync("no-such-instance", "payment.received", (JsonNode?)null, CancellationToken.None));
        var malformed = await Assert.ThrowsAsync<FlowSignalPayloadException>(() =>
            _h.Engine.SignalAsync(started.InstanceId, "payment.received", "{\"amount\": 12,", CancellationToken.None));
        Assert.Contains("not valid JSON", malformed.Message, StringComparison.Ordinal);
        Assert.Equal(journalBefore, await _h.DataSource.CountAsync("SELECT count(*) FROM flow_journal"));
        Assert.Equal("waiting", await StatusAsync(started.InstanceId));

        await _h.Engine.SignalAsync(started.InstanceId, "payment.received", "{\"amount\": 12}", CancellationToken.None);
        var finished = await Assert.ThrowsAsync<FlowInstanceFinishedException>(() =>
            _h.Engine.SignalAsync(started.InstanceId, "payment.received", "{\"amount\": 12}", CancellationToken.None));
        Assert.Contains("completed", finished.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartFlow_ChildCompletes_ParentReceivesChildOutput()
    {
        var child = await _h.PublishAsync(Flow.Define(FlowHarness.NewFlowId("child"), "Child").Input("n")
            .Activity("work", "diag.noop", a => a.Input("n", "input.n + 1").Output("r"))
            .Complete("done", "({ n: vars.r.n })").Build());
        var parent = await _h.PublishAsync(Flow.Define(FlowHarness.NewFlowId("parent"), "Parent")
            .StartFlow("call", child.Id, f => f.Input("n", "41").WaitForCompletion("childResult"))
            .Complete("done", "({ fromChild: vars.childResult.n })").Build());

        var started = await StartAsync(parent.Id);
        await _h.DrainAsync();

        var details = await _h.InstanceAsync(started.InstanceId);
        Assert.Equal("completed", details.Instance.Status);
        Assert.Equal(42, (int)JsonNode.Parse(details.StateJson)!["output"]!["fromChild"]!);
        var children = await _h.Queries.ListInstancesAsync(new FlowInstanceFilter(FlowId: child.Id), CancellationToken.None);
        Assert.Equal(started.InstanceId, Assert.Single(children).ParentInstanceId);
    }

    [Fact]
    public async Task Cancel_WaitingParentAndChild_BothCancelledAndPendingWorkDropped()
    {
        var child = await _h.PublishAsync(Flow.Define(FlowHarness.NewFlowId("slowchild"), "Slow child")
            .Delay("pause", TimeSpan.FromHours(1)).Complete("done").Build());
        var parent = await _h.PublishAsync(Flow.Define(FlowHarness.NewFlowId("cparent"), "Parent")
            .StartFlow("call", child.Id, f => f.WaitForCompletion()).Complete("done").Build());
        var started = await StartAsync(parent.Id);

        await _h.Engine.CancelAsync(started.InstanceId, "operator said so", CancellationToken.None);

        Assert.Equal("cancelled", await StatusAsync(started.InstanceId));
        var childInstance = Assert.Single(await _h.Queries.ListInstancesAsync(new FlowInstanceFilter(FlowId: child.Id), CancellationToken.None));
        Assert.Equal("cancelled", childInstance.Status);
        Assert.Equal(0, await _h.DataSource.CountAsync("SELECT count(*) FROM flow_work_items WHERE instance_id = @id AND status = 'waiting'", new { id = childInstance.Id }));
        _h.FakeTime.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await _h.DrainAsync());
    }

    [Fact]
    public async Task Activity_FailsTwiceThenSucceeds_RetriedWithBackoffAndSameIdempotencyKey()
    {
        var flow = await _h.PublishAsync(Flow.Define(FlowHarness.NewFlowId("retry"), "Retry")
            .Activity("flaky", "test.flaky", a => a.Input("failures", "2").Retry(5, TimeSpan.FromSeconds(1)).Output("r"))
            .Complete("done", "vars.r").Build());
        var started = await StartAsync(flow.Id);

        await _h.DrainAsync();
        Assert.Equal(0, await _h.DrainAsync()); // the retry is delayed by 1 s
        var stats = Assert.Single(await _h.Queries.GetQueueStatsAsync(null, CancellationToken.None), s => s.Queue == "default");
        Assert.True(stats.Delayed >= 1 && stats.Retrying >= 1);
        _h.FakeTime.Advance(TimeSpan.FromSeconds(1));
        await _h.DrainAsync();
        _h.FakeTime.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Equal(0, await _h.DrainAsync()); // second backoff is 2 s
        _h.FakeTime.Advance(TimeSpan.FromMilliseconds(1));
        await _h.DrainAsync();

        var details = await _h.InstanceAsync(started.InstanceId);
        Assert.Equal("completed", details.Instance.Status);
        var seen = FlakyActivity.Seen[$"{started.InstanceId}:steps[0]"].ToList();
        Assert.Equal([1, 2, 3], seen.Select(c => c.Attempt));
        Assert.Single(seen.Select(c => c.IdempotencyKey).Distinct());
        var types = details.Journal.Select(j => JsonNode.Parse(j.EventJson)!).ToList();
        Assert.Equal(2, types.Count(e => (string)e["type"]! == "activityFailed" && !(bool)e["isFinal"]!));
        Assert.Single(types, e => (string)e["type"]! == "activityCompleted");
    }

    [Fact]
    public async Task Activity_FailsEveryAttempt_FlowFailsDeadLetteredAlertedAndRetryable()
    {
        var flow = await _h.PublishAsync(Flow.Define(FlowHarness.NewFlowId("dead"), "Dead")
            .Activity("flaky", "test.flaky", a => a.Input("failures", "2").Retry(2, TimeSpan.FromSeconds(1)))
            .Complete("done").Build());
        var started = await StartAsync(flow.Id, company: "HYPERVISUAL");

        await _h.DrainAsync();
        _h.FakeTime.Advance(TimeSpan.FromSeconds(1));
        await _h.DrainAsync();

        Assert.Equal("failed", await StatusAsync(started.InstanceId));
        var dead = Assert.Single(await _h.Queries.ListDeadLettersAsync(100, null, CancellationToken.None), d => d.InstanceId == started.InstanceId);
        Assert.Equal(2, dead.Attempt);
        Assert.Contains("flaky failure #2", dead.LastError, StringComparison.Ordinal);
        Assert.Equal(1, await _h.DataSource.CountAsync(
            "SELECT count(*) FROM outbox WHERE type = 'flow.dead_lettered' AND payload->>'instanceId' = @id AND company_id IS NOT NULL", new { id = started.InstanceId }));
        Assert.Equal(1, await _h.DataSource.OutboxCountAsync("job.failed", "instanceId", started.InstanceId));

        // The operator retries the dead letter: the third execution succeeds and the flow resumes from that step.
        await _h.Engine.RetryDeadLetterAsync(dead.WorkItemId, CancellationToken.None);
        Assert.Equal("running", await StatusAsync(started.InstanceId));
        await _h.DrainAsync();
        Assert.Equal("completed", await StatusAsync(started.InstanceId));
        await Assert.ThrowsAsync<Finance.Workflows.Engines.FlowConflictException>(() => _h.Engine.RetryDeadLetterAsync(dead.WorkItemId, CancellationToken.None));
    }

    [Fact]
    public async Task Activity_NonRetryableError_SkipsRemainingAttempts()
    {
        var flow = await _h.PublishAsync(Flow.Define(FlowHarness.NewFlowId("nonretry"), "Non-retryable")
            .Activity("flaky", "test.flaky", a => a.Input("nonRetryable", "true").Retry(10)).Complete("done").Build());
        var started = await StartAsync(flow.Id);

        await _h.DrainAsync();

        Assert.Equal("failed", await StatusAsync(started.InstanceId));
        Assert.Single(FlakyActivity.Seen[$"{started.InstanceId}:steps[0]"]);
    }

    [Fact]
    public async Task Publish_NewVersion_RunningInstanceKeepsItsVersion()
    {
        var v1 = await PublishWaitFlowAsync();
        var running = await StartAsync(v1.Id);
        var v2 = await _h.PublishAsync(v1 with { Name = "Wait v2" });
        var newer = await StartAsync(v1.Id);

        Assert.Equal((1, 2), (running.Version, newer.Version));
        await _h.Engine.SignalAsync(running.InstanceId, "payment.received", "{\"amount\": 1}", CancellationToken.None);
        Assert.Equal(1, (await _h.InstanceAsync(running.InstanceId)).Instance.Version);
        var versions = await _h.Definitions.GetVersionsAsync(v1.Id, CancellationToken.None);
        Assert.Equal(["Retired", "Published"], versions.Select(v => v.Status.ToString()));
        Assert.Equal(v2.Version, (await _h.Definitions.GetAsync(v1.Id, null, CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task Start_SameInstanceIdTwice_StartsOnce()
    {
        var flow = await PublishWaitFlowAsync();
        var request = new StartFlowRequest(flow.Id, InstanceId: "idem-" + flow.Id);

        var first = await _h.Engine.StartAsync(request, CancellationToken.None);
        var second = await _h.Engine.StartAsync(request, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(1, await _h.DataSource.CountAsync("SELECT count(*) FROM flow_journal WHERE instance_id = @id", new { id = first.InstanceId }));
    }
}
