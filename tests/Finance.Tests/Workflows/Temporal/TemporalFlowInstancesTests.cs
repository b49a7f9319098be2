using System.Text.Json.Nodes;
using Finance.Tests.Workflows.Golden;
using Finance.Workflows.Engines;
using Finance.Workflows.Engines.Temporal;
using Finance.Workflows.Runs;
using Microsoft.Extensions.Options;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Common;

namespace Finance.Tests.Workflows.Temporal;

/// <summary>
/// <see cref="TemporalFlowInstances"/> against a real <see cref="Temporalio.Client.TemporalClient"/> whose calls stop at
/// <see cref="FakeTemporalServer"/>; histories are the golden ones, from real runs.
/// </summary>
public sealed class TemporalFlowInstancesTests
{
    private static readonly DateTime T0 = new(2026, 11, 2, 8, 0, 0, DateTimeKind.Utc);

    private readonly FakeTemporalServer _server = new();
    private readonly List<ResetWorkflowExecutionRequest> _resets = [];
    private readonly TemporalFlowInstances _instances;

    public TemporalFlowInstancesTests()
    {
        _instances = new TemporalFlowInstances(_server.Client, Options.Create(new TemporalOptions()), (request, _) =>
        {
            _resets.Add(request);
            return Task.CompletedTask;
        });
    }

    internal static FakeTemporalServer.Execution FromGolden(
        string name, string id, string company, WorkflowExecutionStatus status, DateTime start, string? correlation = null, string? state = null)
    {
        var golden = GoldenRun.Load(name);
        var history = WorkflowHistory.FromJson(id, golden.HistoryJson()).Events.ToList();
        return new FakeTemporalServer.Execution(id, status, start, history, new Dictionary<string, object>
        {
            ["flowId"] = golden.FlowId,
            ["version"] = golden.Version,
            ["company"] = company,
            ["correlationId"] = correlation ?? string.Empty,
        }, state, status == WorkflowExecutionStatus.Running ? null : start.AddMinutes(5));
    }

    private void AddFive()
    {
        _server.Add(FromGolden("invoice.dunning.v1.waiting-for-payment", "d-1", "LEXAIA", WorkflowExecutionStatus.Running, T0, "inv-1"));
        _server.Add(FromGolden("invoice.dunning.v1.three-reminders", "d-2", "HYPERVISUAL", WorkflowExecutionStatus.Completed, T0.AddHours(1), "inv-2"));
        _server.Add(FromGolden("invoice.create-and-send.v1.happy-path", "s-3", "LEXAIA", WorkflowExecutionStatus.Completed, T0.AddHours(2), "inv-3"));
        _server.Add(FromGolden("invoice.create-and-send.v1.smtp-down", "s-4", "LEXAIA", WorkflowExecutionStatus.Failed, T0.AddHours(3), "inv-4"));
        _server.Add(FromGolden("invoice.dunning.v1.cancelled", "d-5", "TAKEOUT", WorkflowExecutionStatus.Canceled, T0.AddHours(4), "inv-5"));
    }

    [Fact]
    public async Task ListAsync_CompanyScope_OnlyThoseCompaniesNewestFirstAcrossPages()
    {
        AddFive();

        var listed = await _instances.ListAsync(new FlowInstanceFilter(Companies: ["LEXAIA"]), default);

        Assert.Equal(["s-4", "s-3", "d-1"], listed.Select(i => i.Id));
        var failed = listed[0];
        Assert.Equal(("invoice.create-and-send", 1, FlowInstanceStatus.Failed, "LEXAIA", "inv-4"),
            (failed.FlowId, failed.Version, failed.Status, failed.CompanyCode, failed.CorrelationId));
        Assert.Equal(T0.AddHours(3), failed.CreatedAt);
        Assert.Equal(T0.AddHours(3).AddMinutes(5), failed.FinishedAt);
    }

    [Fact]
    public async Task ListAsync_FlowStatusCorrelationAndBefore_FilterLikeTheEmbeddedEngine()
    {
        AddFive();

        Assert.Equal(["d-2", "d-1"], (await _instances.ListAsync(new FlowInstanceFilter(FlowId: "invoice.dunning", CreatedBefore: T0.AddHours(4)), default)).Select(i => i.Id));
        Assert.Equal(["s-3", "d-2"], (await _instances.ListAsync(new FlowInstanceFilter(Status: FlowInstanceStatus.Completed), default)).Select(i => i.Id));
        Assert.Equal(["d-5"], (await _instances.ListAsync(new FlowInstanceFilter(Status: FlowInstanceStatus.Cancelled), default)).Select(i => i.Id));
        Assert.Equal(["d-1"], (await _instances.ListAsync(new FlowInstanceFilter(Status: FlowInstanceStatus.Waiting), default)).Select(i => i.Id));
        Assert.Equal(["s-4"], (await _instances.ListAsync(new FlowInstanceFilter(CorrelationId: "inv-4", Company: "lexaia"), default)).Select(i => i.Id));
        Assert.Equal(["d-5", "s-4"], (await _instances.ListAsync(new FlowInstanceFilter(Limit: 2), default)).Select(i => i.Id));
    }

    [Fact]
    public async Task GetAsync_GoldenHistory_GivesInputTimelineAndStateFromTheQuery()
    {
        var golden = GoldenRun.Load("invoice.dunning.v1.three-reminders");
        _server.Add(FromGolden(golden.Name, "d-2", "HYPERVISUAL", WorkflowExecutionStatus.Completed, T0, state: golden.State.ToJsonString()));

        var view = (await _instances.GetAsync("d-2", default))!;

        Assert.Equal(("temporal", "d-2", "HYPERVISUAL"), (view.Engine, view.Instance.Id, view.Instance.CompanyCode));
        Assert.Equal(golden.Events().OfType<Finance.Workflows.Interpreter.FlowStarted>().Single().Input!.ToJsonString(), view.Input!.ToJsonString());
        Assert.Equal(golden.State.ToJsonString(), view.State!.ToJsonString());
        Assert.Equal(TemporalTimeline.Build(_server.Executions["d-2"].History).Select(e => (e.Kind, e.Seq, e.Step)), view.Timeline.Select(e => (e.Kind, e.Seq, e.Step)));
        Assert.Equal(3, view.Timeline.Count(e => e.Kind == FlowTimelineKind.ActivityScheduled && e.Activity == "invoice.send-reminder"));
        Assert.Equal(FlowTimelineKind.Completed, view.Timeline[^1].Kind);
        Assert.Empty(view.Journal);
        Assert.Equal(["d-2/state"], _server.Queries);
    }

    [Fact]
    public async Task GetAsync_NoWorkerToAnswerTheQuery_StateNullRestStillThere()
    {
        _server.Add(FromGolden("invoice.dunning.v1.waiting-for-payment", "d-1", "LEXAIA", WorkflowExecutionStatus.Running, T0));

        var view = (await _instances.GetAsync("d-1", default))!;

        Assert.Null(view.State);
        Assert.Equal(FlowInstanceStatus.Running, view.Instance.Status);
        Assert.Contains(view.Timeline, e => e.Kind == FlowTimelineKind.TimerStarted);
    }

    [Fact]
    public async Task FindAndGet_UnknownInstance_Null()
    {
        Assert.Null(await _instances.FindAsync("nope", default));
        Assert.Null(await _instances.GetAsync("nope", default));
        await Assert.ThrowsAsync<FlowInstanceNotFoundException>(() => _instances.RetryAsync("nope", default));
    }

    [Fact]
    public async Task RetryAsync_FailedOnAStep_ResetsToTheWorkflowTaskThatScheduledIt()
    {
        _server.Add(FromGolden("invoice.create-and-send.v1.smtp-down", "s-4", "LEXAIA", WorkflowExecutionStatus.Failed, T0));
        var history = _server.Executions["s-4"].History;
        var failed = history.Last(e => e.EventType == EventType.ActivityTaskFailed);
        var scheduled = history.Single(e => e.EventId == failed.ActivityTaskFailedEventAttributes.ScheduledEventId);

        await _instances.RetryAsync("s-4", default);

        var reset = Assert.Single(_resets);
        Assert.Equal(("s-4", "default"), (reset.WorkflowExecution.WorkflowId, reset.Namespace));
        Assert.Equal(scheduled.ActivityTaskScheduledEventAttributes.WorkflowTaskCompletedEventId, reset.WorkflowTaskFinishEventId);
        Assert.Equal(EventType.WorkflowTaskCompleted, history.Single(e => e.EventId == reset.WorkflowTaskFinishEventId).EventType);
        Assert.False(string.IsNullOrEmpty(reset.RequestId));
    }

    [Fact]
    public async Task RetryAsync_RunningOrCompleted_ConflictAndNoReset()
    {
        _server.Add(FromGolden("invoice.dunning.v1.waiting-for-payment", "d-1", "LEXAIA", WorkflowExecutionStatus.Running, T0));
        _server.Add(FromGolden("invoice.dunning.v1.three-reminders", "d-2", "LEXAIA", WorkflowExecutionStatus.Completed, T0));

        await Assert.ThrowsAsync<FlowConflictException>(() => _instances.RetryAsync("d-1", default));
        await Assert.ThrowsAsync<FlowConflictException>(() => _instances.RetryAsync("d-2", default));
        Assert.Empty(_resets);
    }

    [Fact]
    public void RetryPoint_FailureFollowedByMoreSteps_None()
    {
        var history = WorkflowHistory.FromJson("x", GoldenRun.Load("invoice.create-and-send.v1.smtp-down").HistoryJson()).Events.ToList();
        var failedAt = history.FindLastIndex(e => e.EventType == EventType.ActivityTaskFailed);
        var later = new HistoryEvent { EventId = history[^1].EventId + 1, EventType = EventType.TimerStarted, TimerStartedEventAttributes = new() { TimerId = "9" } };

        Assert.NotNull(TemporalFlowInstances.RetryPoint(history));
        Assert.Null(TemporalFlowInstances.RetryPoint([.. history, later]));
        Assert.Null(TemporalFlowInstances.RetryPoint(history[..failedAt]));
    }

    [Fact]
    public async Task FlowSignalByCorrelation_OnTemporal_FindsTheOpenInstanceThroughVisibility()
    {
        AddFive();
        var signals = new Finance.Workflows.Activities.FlowSignalActivity(new Services(_instances,
            new TemporalFlowEngine(_server.Client, null!, new Finance.Workflows.Activities.ActivityCatalog([]), Options.Create(new TemporalOptions()))));

        var result = await signals.ExecuteAsync(new Finance.Workflows.Activities.ActivityContext(
            "i", "invoice.mark-paid", "s", "k", 1,
            new JsonObject { ["signal"] = "invoice.paid", ["flowId"] = "invoice.dunning", ["correlationId"] = "inv-1" }, "LEXAIA"), default);

        Assert.Equal(1, (int)result!["signalled"]!);
        Assert.Equal([("d-1", "invoice.paid")], _server.Signals);
    }

    private sealed class Services(IFlowInstances instances, IFlowEngine engine) : IServiceProvider
    {
        public object? GetService(Type serviceType) =>
            serviceType == typeof(IFlowInstances) ? instances : serviceType == typeof(IFlowEngine) ? engine : null;
    }
}
