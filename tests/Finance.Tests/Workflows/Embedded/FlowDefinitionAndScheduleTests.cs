using Finance.Workflows.Schedules;
using Finance.Workflows.Definitions;
using System.Text.Json.Nodes;
using Finance.Tests.Infrastructure;
using Finance.Workflows.Builder;
using Finance.Workflows.Engines;
using Finance.Workflows.Runs;
using Finance.Workflows.Model;
using Microsoft.Extensions.Time.Testing;

namespace Finance.Tests.Workflows.Embedded;

/// <summary>Bad input is refused with a clear error and leaves no trace; schedules fire once per fire time.</summary>
public sealed class FlowDefinitionAndScheduleTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IDisposable
{
    private readonly FlowHarness _h = FlowHarness.Create(db.DataSource);

    public void Dispose() => _h.Dispose();

    private Task<long> RowsAsync() => _h.DataSource.CountAsync(
        "SELECT (SELECT count(*) FROM flow_definitions) * 1000000 + (SELECT count(*) FROM flow_instances) * 1000 + (SELECT count(*) FROM flow_work_items)");

    [Fact]
    public async Task SaveDraft_MalformedOrWrongShapeJson_RejectedWithPathAndNothingWritten()
    {
        var before = await RowsAsync();

        var syntax = await Assert.ThrowsAsync<FlowDefinitionInvalidException>(() =>
            _h.Definitions.SaveDraftAsync("{ \"id\": \"x\", \"steps\": [", CancellationToken.None));
        var shape = await Assert.ThrowsAsync<FlowDefinitionInvalidException>(() =>
            _h.Definitions.SaveDraftAsync("""{ "id": "x", "version": 1, "name": "X", "steps": [ { "kind": "teleport", "id": "a" } ] }""", CancellationToken.None));

        Assert.NotEmpty(syntax.ValidationErrors);
        Assert.Contains("steps", Assert.Single(shape.ValidationErrors).Path, StringComparison.Ordinal);
        Assert.Equal(before, await RowsAsync());
    }

    [Fact]
    public async Task Publish_InvalidDefinition_ListsErrorsAndStaysDraft()
    {
        var bad = Flow.Define(FlowHarness.NewFlowId("bad"), "Bad")
            .Activity("a", "no.such.activity")
            .If("check", "vars.x >", then: t => t.Complete("yes"))
            .StartFlow("child", "no.such.flow")
            .Build();
        var draft = await _h.Definitions.SaveDraftAsync(FlowJson.Serialize(bad), CancellationToken.None);
        var before = await RowsAsync();

        var error = await Assert.ThrowsAsync<FlowDefinitionInvalidException>(() =>
            _h.Definitions.PublishAsync(draft.DefinitionId, draft.Version, CancellationToken.None));

        Assert.Contains(error.ValidationErrors, e => e.Message.Contains("no.such.activity", StringComparison.Ordinal));
        Assert.Contains(error.ValidationErrors, e => e.Path.Contains("condition", StringComparison.Ordinal));
        Assert.Contains(error.ValidationErrors, e => e.Message.Contains("no.such.flow", StringComparison.Ordinal));
        Assert.Equal(before, await RowsAsync());
        Assert.Equal("Draft", (await _h.Definitions.GetAsync(bad.Id, draft.Version, CancellationToken.None))!.Status.ToString());
        await Assert.ThrowsAsync<FlowNotFoundException>(() =>
            _h.Engine.StartAsync(new StartFlowRequest(bad.Id), CancellationToken.None));
        Assert.Equal(before, await RowsAsync());
    }

    [Fact]
    public async Task Start_InfiniteLoopExpression_FlowFailsWithLimitErrorInsteadOfHanging()
    {
        var flow = await _h.PublishAsync(Flow.Define(FlowHarness.NewFlowId("loop"), "Loop")
            .If("spin", "while (true) {} ; true", then: t => t.Complete("never"))
            .Complete("done").Build());

        var started = await _h.Engine.StartAsync(new StartFlowRequest(flow.Id), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        var state = JsonNode.Parse((await _h.InstanceAsync(started.InstanceId)).StateJson)!;
        Assert.Equal("failed", (string)state["status"]!);
        Assert.Contains("steps[0].condition", (string)state["failureReason"]!, StringComparison.Ordinal);
        Assert.Equal(0, await _h.DataSource.CountAsync("SELECT count(*) FROM flow_work_items WHERE instance_id = @id", new { id = started.InstanceId }));
    }

    [Fact]
    public async Task BuiltInFlows_EnsuredTwiceThenChanged_PublishesOnlyOnChange()
    {
        var id = FlowHarness.NewFlowId("builtin");
        var v1 = Flow.Define(id, "Built in").Activity("a", "diag.noop").Build();

        await _h.Definitions.EnsureBuiltInAsync([v1], CancellationToken.None);
        await _h.Definitions.EnsureBuiltInAsync([v1], CancellationToken.None);
        await _h.Definitions.EnsureBuiltInAsync([v1 with { Name = "Built in, changed" }], CancellationToken.None);

        var versions = await _h.Definitions.GetVersionsAsync(id, CancellationToken.None);
        Assert.Equal(["Retired", "Published"], versions.Select(v => v.Status.ToString()));
        Assert.Equal("Built in, changed", versions[^1].Definition.Name);
    }

    [Fact]
    public async Task BuiltInFlows_CodeDeclaresANewerVersion_PublishedUnderThatNumber()
    {
        var id = FlowHarness.NewFlowId("builtin-v");
        var v1 = Flow.Define(id, "Built in").Activity("a", "diag.noop").Build();
        var v3 = Flow.Define(id, "Built in, changed", version: 3).Activity("a", "diag.noop").Build();

        await _h.Definitions.EnsureBuiltInAsync([v1], CancellationToken.None);
        await _h.Definitions.EnsureBuiltInAsync([v3], CancellationToken.None);

        var versions = await _h.Definitions.GetVersionsAsync(id, CancellationToken.None);
        Assert.Equal([(1, "Retired"), (3, "Published")], versions.Select(v => (v.Version, v.Status.ToString())));
    }

    [Fact]
    public async Task BuiltInFlows_InputsInUnsortedOrderEnsuredTwice_StayOneVersion()
    {
        // jsonb hands object keys back sorted; an unsorted activity input must not look like a code change.
        var id = FlowHarness.NewFlowId("unsorted");
        var flow = Flow.Define(id, "Unsorted inputs")
            .Activity("a", "diag.noop", a => a.Input("zeta", "1").Input("alpha", "2").Input("mid", "3"))
            .Build();

        await _h.Definitions.EnsureBuiltInAsync([flow], CancellationToken.None);
        await _h.Definitions.EnsureBuiltInAsync([flow], CancellationToken.None);

        Assert.Single(await _h.Definitions.GetVersionsAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task Scheduler_TwoSchedulersRaceForEachFireTime_EachFireTimeStartsExactlyOneInstance()
    {
        var flow = await _h.PublishAsync(Flow.Define(FlowHarness.NewFlowId("sched"), "Scheduled").Activity("a", "diag.noop").Build());
        var scheduleId = "every-15-" + flow.Id;
        await _h.ScheduleStore.UpsertAsync(new FlowSchedule(scheduleId, flow.Id, "*/15 * * * *"), CancellationToken.None);
        var times = new[] { new FakeTimeProvider(_h.Time.GetUtcNow()), new FakeTimeProvider(_h.Time.GetUtcNow()) };
        var schedulers = times.Select(t => FlowHarness.Create(db.DataSource, t)).ToList();
        try
        {
            var started = 0;
            for (var fire = 0; fire < 4; fire++)
            {
                foreach (var time in times)
                {
                    time.Advance(TimeSpan.FromMinutes(15));
                }

                var results = await Task.WhenAll(schedulers.Select(s => Task.Run(() => s.Scheduler.RunDueAsync(CancellationToken.None))));
                started += results.Sum();
            }

            Assert.Equal(4, started);
            var instances = await _h.Queries.ListInstancesAsync(new FlowInstanceFilter(FlowId: flow.Id), CancellationToken.None);
            Assert.Equal(4, instances.Count);
            Assert.All(instances, i => Assert.Equal(scheduleId, i.CorrelationId));
            Assert.Equal(4, await _h.DataSource.CountAsync("SELECT count(*) FROM flow_schedule_fires WHERE schedule_id = @scheduleId", new { scheduleId }));

            await _h.Schedules.PauseAsync(scheduleId, CancellationToken.None);
            times[0].Advance(TimeSpan.FromHours(1));
            Assert.Equal(0, await schedulers[0].Scheduler.RunDueAsync(CancellationToken.None));
            await _h.Schedules.TriggerNowAsync(scheduleId, CancellationToken.None);
            Assert.Equal(5, (await _h.Queries.ListInstancesAsync(new FlowInstanceFilter(FlowId: flow.Id), CancellationToken.None)).Count);
        }
        finally
        {
            schedulers.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public void NextAfter_ZurichDaily0900_IsUtcOfLocalNineAcrossDaylightSaving()
    {
        var winter = FlowScheduleStore.NextAfter("0 9 * * *", "Europe/Zurich", new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero));
        var summer = FlowScheduleStore.NextAfter("0 9 * * *", "Europe/Zurich", new DateTimeOffset(2026, 7, 10, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 1, 11, 8, 0, 0, TimeSpan.Zero), winter);
        Assert.Equal(new DateTimeOffset(2026, 7, 11, 7, 0, 0, TimeSpan.Zero), summer);
    }
}
