using System.Text.Json.Nodes;
using Finance.Workflows.Builder;
using Finance.Workflows.Engines.Temporal;
using Finance.Workflows.Interpreter;
using Finance.Workflows.Model;
using Temporalio.Api.Enums.V1;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace Finance.Tests.Workflows.Temporal;

/// <summary>
/// Step kinds one by one (waited child flows, delays, branches: more than the built-in flows use): journals of small
/// flows made by <see cref="JournalDriver"/> are turned into Temporal histories and replayed against
/// <see cref="FlowWorkflow"/> with no server. The driver is test-side, so these check the translation, not the engine:
/// the histories of real embedded-engine runs are in <c>Workflows/Golden</c> (<see cref="Golden.GoldenReplayTests"/>).
/// </summary>
public class FlowWorkflowReplayTests
{
    private static readonly Dictionary<string, string> Queues = new(StringComparer.Ordinal)
    {
        ["invoice.load"] = "invoice-processing",
        ["email.send"] = "notifications",
        ["ledger.post"] = "default",
    };

    private static readonly JsonObject Input = new() { ["invoiceId"] = "INV-7", ["email"] = "a@b.ch", ["amount"] = 1200 };

    private static readonly FlowDefinition LoadAndRemind = Flow.Define("invoice.remind", "Remind")
        .Activity("load", "invoice.load", a => a.Input("id", "input.invoiceId").Output("invoice"))
        .Activity("remind", "email.send", a => a
            .Input("to", "input.email")
            .Retry(3, TimeSpan.FromSeconds(2), 2.0, TimeSpan.FromMinutes(1))
            .Timeout(TimeSpan.FromSeconds(30))
            .Output("sent"))
        .Complete("done", "({ number: vars.invoice.number, sent: vars.sent.ok })")
        .Build();

    private static readonly FlowDefinition WaitForPayment = Flow.Define("invoice.await", "Await payment")
        .Activity("load", "invoice.load", a => a.Input("id", "input.invoiceId").Output("invoice"))
        .Wait("paid", "payment.received", TimeSpan.FromDays(14), onTimeout: t => t
            .Activity("escalate", "email.send", a => a.Input("to", "input.email"))
            .Fail("unpaid", "'not paid: ' + vars.invoice.number"), output: "payment")
        .Complete("done", "({ paid: vars.payment.amount })")
        .Build();

    private static JsonNode? Answer(ScheduleActivity a, int attempt) => a.ActivityName switch
    {
        "invoice.load" => new JsonObject { ["number"] = "2026-0007", ["amount"] = 1200 },
        "email.send" => new JsonObject { ["ok"] = true, ["attempt"] = attempt },
        _ => new JsonObject { ["posted"] = a.Input.DeepClone() },
    };

    [Fact]
    public async Task Replay_ActivitiesThenComplete_Passes()
    {
        var history = await ReplayAsync(LoadAndRemind, JournalDriver.Run(LoadAndRemind, Input, Answer));

        AssertLast(history, EventType.WorkflowExecutionCompleted);
        Assert.Equal(["invoice.load", "email.send"], ActivityTypes(history));
        Assert.Equal(["invoice-processing", "notifications"], history.Events
            .Where(e => e.EventType == EventType.ActivityTaskScheduled)
            .Select(e => e.ActivityTaskScheduledEventAttributes.TaskQueue.Name["finance-".Length..]));
    }

    [Fact]
    public async Task Replay_ActivityFailedTwiceThenSucceeded_RecordsOnlyTheThirdAttempt()
    {
        var journal = JournalDriver.Run(LoadAndRemind, Input, (a, attempt) =>
            a.ActivityName == "email.send" && attempt < 3 ? throw new InvalidOperationException($"smtp down ({attempt})") : Answer(a, attempt));
        Assert.Equal(2, journal.OfType<ActivityFailed>().Count(f => !f.IsFinal));

        var history = await ReplayAsync(LoadAndRemind, journal);

        var started = history.Events.Where(e => e.EventType == EventType.ActivityTaskStarted).ToList();
        Assert.Equal([1, 3], started.Select(e => e.ActivityTaskStartedEventAttributes.Attempt));
        AssertLast(history, EventType.WorkflowExecutionCompleted);
    }

    [Fact]
    public async Task Replay_ActivityFailsAllAttempts_FailsTheFlow()
    {
        var journal = JournalDriver.Run(LoadAndRemind, Input, (a, attempt) =>
            a.ActivityName == "email.send" ? throw new InvalidOperationException("smtp down") : Answer(a, attempt));

        var history = await ReplayAsync(LoadAndRemind, journal);

        Assert.Single(history.Events, e => e.EventType == EventType.ActivityTaskFailed);
        AssertLast(history, EventType.WorkflowExecutionFailed);
    }

    [Fact]
    public async Task Replay_Delay_StartsAndFiresTimerOne()
    {
        var flow = Flow.Define("pause", "Pause")
            .Activity("load", "invoice.load", a => a.Output("invoice"))
            .Delay("grace", TimeSpan.FromHours(1))
            .Activity("post", "ledger.post", a => a.Input("n", "vars.invoice.number"))
            .Complete("done")
            .Build();

        var history = await ReplayAsync(flow, JournalDriver.Run(flow, Input, Answer));

        var timer = Assert.Single(history.Events, e => e.EventType == EventType.TimerStarted);
        Assert.Equal("1", timer.TimerStartedEventAttributes.TimerId);
        Assert.Equal(TimeSpan.FromHours(1), timer.TimerStartedEventAttributes.StartToFireTimeout.ToTimeSpan());
        Assert.Single(history.Events, e => e.EventType == EventType.TimerFired);
        AssertLast(history, EventType.WorkflowExecutionCompleted);
    }

    [Fact]
    public async Task Replay_WaitSignalArrives_CancelsTimeoutAndCompletes()
    {
        var journal = JournalDriver.Run(WaitForPayment, Input, Answer,
            signals: [(TimeSpan.FromDays(3), "payment.received", new JsonObject { ["amount"] = 1200 })]);

        var history = await ReplayAsync(WaitForPayment, journal);

        Assert.Single(history.Events, e => e.EventType == EventType.WorkflowExecutionSignaled);
        Assert.Single(history.Events, e => e.EventType == EventType.TimerCanceled);
        AssertLast(history, EventType.WorkflowExecutionCompleted);
    }

    [Fact]
    public async Task Replay_WaitTimesOut_RunsOnTimeoutStepsAndFails()
    {
        var history = await ReplayAsync(WaitForPayment, JournalDriver.Run(WaitForPayment, Input, Answer));

        Assert.Single(history.Events, e => e.EventType == EventType.TimerFired);
        Assert.Equal(["invoice.load", "email.send"], ActivityTypes(history));
        AssertLast(history, EventType.WorkflowExecutionFailed);
    }

    [Fact]
    public async Task Replay_SignalBeforeTheWait_IsBufferedAndConsumed()
    {
        // The signal arrives while the load activity runs (it answers after a minute).
        var journal = JournalDriver.Run(WaitForPayment, Input, Answer,
            signals: [(TimeSpan.FromSeconds(30), "payment.received", new JsonObject { ["amount"] = 5 })]);

        var history = await ReplayAsync(WaitForPayment, journal);

        AssertLast(history, EventType.WorkflowExecutionCompleted);
    }

    [Theory]
    [InlineData(1200, "email.send")]
    [InlineData(50, "ledger.post")]
    public async Task Replay_IfThenElse_TakesTheBranchTheConditionPicks(int amount, string expectedActivity)
    {
        var flow = Flow.Define("branch", "Branch")
            .If("big", "input.amount > 1000",
                then: b => b.Activity("warn", "email.send", a => a.Input("to", "input.email")),
                @else: b => b.Delay("cool", TimeSpan.FromMinutes(10)).Activity("book", "ledger.post"))
            .Complete("done")
            .Build();
        var input = new JsonObject { ["amount"] = amount, ["email"] = "a@b.ch" };

        var history = await ReplayAsync(flow, JournalDriver.Run(flow, input, Answer));

        Assert.Equal([expectedActivity], ActivityTypes(history));
        AssertLast(history, EventType.WorkflowExecutionCompleted);
    }

    [Fact]
    public async Task Replay_StartFlowFireAndForget_StartsChildAndContinues()
    {
        var flow = Flow.Define("parent", "Parent")
            .StartFlow("collect", "debt.collection", f => f.Input("invoiceId", "input.invoiceId"))
            .Activity("notify", "email.send", a => a.Input("to", "input.email"))
            .Complete("done")
            .Build();

        var history = await ReplayAsync(flow, JournalDriver.Run(flow, Input, Answer));

        var initiated = Assert.Single(history.Events, e => e.EventType == EventType.StartChildWorkflowExecutionInitiated);
        Assert.Equal(ParentClosePolicy.Abandon, initiated.StartChildWorkflowExecutionInitiatedEventAttributes.ParentClosePolicy);
        Assert.Equal("inst-1:steps[0]", initiated.StartChildWorkflowExecutionInitiatedEventAttributes.WorkflowId);
        AssertLast(history, EventType.WorkflowExecutionCompleted);
    }

    [Fact]
    public async Task Replay_StartFlowAndWait_UsesTheChildResult()
    {
        var flow = Flow.Define("parent", "Parent")
            .StartFlow("post", "ledger.posting", f => f.Input("amount", "input.amount").WaitForCompletion("posting"))
            .If("ok", "vars.posting.booked", then: b => b.Complete("done", "vars.posting"), @else: b => b.Fail("no", "'not booked'"))
            .Build();

        var history = await ReplayAsync(flow, JournalDriver.Run(flow, Input, Answer, child: _ => new JsonObject { ["booked"] = true }));

        Assert.Single(history.Events, e => e.EventType == EventType.ChildWorkflowExecutionCompleted);
        AssertLast(history, EventType.WorkflowExecutionCompleted);
    }

    [Fact]
    public async Task Replay_DunningFlowTimeoutPath_EveryStepKindAgrees()
    {
        var dunning = FlowTestKit.Dunning();

        var history = await ReplayAsync(dunning, JournalDriver.Run(dunning, Input, Answer));

        Assert.Single(history.Events, e => e.EventType == EventType.StartChildWorkflowExecutionInitiated);
        AssertLast(history, EventType.WorkflowExecutionFailed);
    }

    [Fact]
    public async Task Replay_DunningFlowPaidPath_EveryStepKindAgrees()
    {
        var dunning = FlowTestKit.Dunning();
        var journal = JournalDriver.Run(dunning, Input, Answer,
            signals: [(TimeSpan.FromDays(2), "payment.received", new JsonObject { ["amount"] = 1200 })],
            child: _ => new JsonObject { ["entry"] = 42 });

        var history = await ReplayAsync(dunning, journal);

        AssertLast(history, EventType.WorkflowExecutionCompleted);
    }

    [Fact]
    public async Task Replay_CancelledWhileActivityRuns_DropsActivityAndEndsCancelled()
    {
        var journal = JournalDriver.Run(LoadAndRemind, Input, Answer, cancelAt: TimeSpan.FromSeconds(90));

        var history = await ReplayAsync(LoadAndRemind, journal);

        Assert.Single(history.Events, e => e.EventType == EventType.ActivityTaskCancelRequested);
        AssertLast(history, EventType.WorkflowExecutionCanceled);
    }

    [Fact]
    public async Task Replay_CancelledDuringWait_CancelsTimeoutTimerAndEndsCancelled()
    {
        var journal = JournalDriver.Run(WaitForPayment, Input, Answer, cancelAt: TimeSpan.FromDays(1));

        var history = await ReplayAsync(WaitForPayment, journal);

        Assert.Single(history.Events, e => e.EventType == EventType.TimerCanceled);
        AssertLast(history, EventType.WorkflowExecutionCanceled);
    }

    [Fact]
    public async Task Replay_ActivityRenamedInDefinition_FailsWithNondeterminism()
    {
        var history = await ReplayAsync(LoadAndRemind, JournalDriver.Run(LoadAndRemind, Input, Answer));
        var renamed = LoadAndRemind with
        {
            Steps = [.. LoadAndRemind.Steps.Select(s => s is ActivityStep { Id: "remind" } a ? a with { Name = "email.sendV2" } : s)],
        };

        var mutated = JournalToHistory.WithDefinition(history, renamed);

        var e = await Assert.ThrowsAsync<WorkflowNondeterminismException>(() => Replayer().ReplayWorkflowAsync(mutated));
        Assert.Contains("Activity type of scheduled event 'email.send' does not match activity type of activity command 'email.sendV2'", e.Message);
    }

    [Fact]
    public async Task Replay_StepRemovedFromDefinition_FailsWithNondeterminism()
    {
        var history = JournalToHistory.Build(LoadAndRemind, "inst-1", JournalDriver.Run(LoadAndRemind, Input, Answer), Queues);
        var shorter = LoadAndRemind with { Steps = [LoadAndRemind.Steps[0], LoadAndRemind.Steps[2]] };

        var mutated = JournalToHistory.WithDefinition(history, shorter);

        var e = await Assert.ThrowsAsync<WorkflowNondeterminismException>(() => Replayer().ReplayWorkflowAsync(mutated));
        Assert.Contains("Nondeterminism", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_WaitSignalRenamedInDefinition_FailsWithNondeterminism()
    {
        var journal = JournalDriver.Run(WaitForPayment, Input, Answer,
            signals: [(TimeSpan.FromDays(3), "payment.received", new JsonObject { ["amount"] = 1200 })]);
        var history = JournalToHistory.Build(WaitForPayment, "inst-1", journal, Queues);
        var renamed = WaitForPayment with
        {
            Steps = [.. WaitForPayment.Steps.Select(s => s is WaitStep w ? w with { Signal = "payment.booked" } : s)],
        };

        // The signal no longer ends the wait, so the workflow never cancels the timer the history shows cancelled.
        await Assert.ThrowsAsync<WorkflowNondeterminismException>(
            () => Replayer().ReplayWorkflowAsync(JournalToHistory.WithDefinition(history, renamed)));
    }

    private static WorkflowReplayer Replayer() => new(new WorkflowReplayerOptions().AddWorkflow<FlowWorkflow>());

    private static async Task<WorkflowHistory> ReplayAsync(FlowDefinition definition, List<FlowEvent> journal)
    {
        var history = JournalToHistory.Build(definition, "inst-1", journal, Queues);
        var result = await Replayer().ReplayWorkflowAsync(history);
        Assert.Null(result.ReplayFailure);
        return history;
    }

    private static List<string> ActivityTypes(WorkflowHistory history) =>
        [.. history.Events.Where(e => e.EventType == EventType.ActivityTaskScheduled).Select(e => e.ActivityTaskScheduledEventAttributes.ActivityType.Name)];

    private static void AssertLast(WorkflowHistory history, EventType expected) => Assert.Equal(expected, history.Events.Last().EventType);
}
