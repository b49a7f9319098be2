using System.Text.Json.Nodes;
using Finance.Workflows.Builder;
using Finance.Workflows.Interpreter;
using static Finance.Tests.Workflows.FlowTestKit;

namespace Finance.Tests.Workflows;

public class FlowInterpreterActivityTests
{
    private static readonly Finance.Workflows.Model.FlowDefinition TwoActivities = Flow.Define("f", "F")
        .Activity("load", "invoice.load", a => a.Input("id", "input.invoiceId").Queue("invoice-processing").Output("invoice"))
        .Activity("send", "email.send", a => a.Input("subject", "'Invoice ' + vars.invoice.number").Retry(2))
        .Build();

    [Fact]
    public void Apply_Started_SchedulesFirstActivityWithEvaluatedInputAndIdempotencyKey()
    {
        var t = Run(TwoActivities, Started(new { invoiceId = 42 }));

        var schedule = Assert.IsType<ScheduleActivity>(Assert.Single(t.Commands));
        Assert.Equal((1, "invoice.load", "invoice-processing", "i-1:steps[0]", 1),
            (schedule.Seq, schedule.ActivityName, schedule.Queue, schedule.IdempotencyKey, schedule.Attempt));
        Assert.Equal(42, schedule.Input["id"]!.GetValue<int>());
        Assert.Equal(5, schedule.Retry.MaxAttempts);
        Assert.Equal(FlowStatus.Running, t.State.Status);
    }

    [Fact]
    public void Apply_ActivityCompleted_StoresOutputAndSchedulesNext()
    {
        var t = Run(TwoActivities, Started(new { invoiceId = 42 }), new ActivityCompleted(At(1), 1, Json("""{"number":"INV-9"}""")));

        var schedule = Assert.IsType<ScheduleActivity>(Assert.Single(t.Commands));
        Assert.Equal(("send", 2, "Invoice INV-9", 2), (schedule.StepId, schedule.Seq, schedule.Input["subject"]!.GetValue<string>(), schedule.Retry.MaxAttempts));
        Assert.Equal("INV-9", t.State.Vars["invoice"]!["number"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_LastActivityCompleted_CompletesFlowImplicitly()
    {
        var t = Run(TwoActivities, Started(new { invoiceId = 42 }),
            new ActivityCompleted(At(1), 1, Json("""{"number":"INV-9"}""")), new ActivityCompleted(At(2), 2, null));

        Assert.Equal(new CompleteFlow(null), Assert.Single(t.Commands));
        Assert.Equal(FlowStatus.Completed, t.State.Status);
    }

    [Fact]
    public void Apply_NonFinalFailure_RecordsAttemptWithoutCommands()
    {
        var t = Run(TwoActivities, Started(new { invoiceId = 1 }), new ActivityFailed(At(1), 1, "smtp down", Attempt: 1, IsFinal: false));

        Assert.Empty(t.Commands);
        Assert.Equal(new PendingActivity(1, "load", 2, "smtp down"), t.State.Activity);
    }

    [Fact]
    public void Apply_FailureAfterLastRetry_FailsFlow()
    {
        var t = Run(TwoActivities, Started(new { invoiceId = 1 }),
            new ActivityFailed(At(1), 1, "smtp down", 1, false), new ActivityFailed(At(2), 1, "smtp down", 5, true));

        var fail = Assert.IsType<FailFlow>(Assert.Single(t.Commands));
        Assert.Equal("Activity \"invoice.load\" at steps[0] failed after 5 attempt(s): smtp down", fail.Reason);
        Assert.Equal(FlowStatus.Failed, t.State.Status);
        Assert.Null(t.State.Activity);
    }

    [Fact]
    public void Apply_DuplicateOrStaleResult_IsIgnored()
    {
        var started = Run(TwoActivities, Started(new { invoiceId = 1 }));
        var first = FlowInterpreter.Default.Apply(TwoActivities, started.State, new ActivityCompleted(At(1), 1, Json("""{"number":"A"}""")));

        var duplicate = FlowInterpreter.Default.Apply(TwoActivities, first.State, new ActivityCompleted(At(2), 1, Json("""{"number":"B"}""")));

        Assert.Empty(duplicate.Commands);
        Assert.Equal("A", duplicate.State.Vars["invoice"]!["number"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_ExpressionFailsAtRuntime_FailsFlowWithPath()
    {
        var t = Run(TwoActivities, Started(new { invoiceId = 1 }), new ActivityCompleted(At(1), 1, null));

        var fail = Assert.IsType<FailFlow>(Assert.Single(t.Commands));
        Assert.StartsWith("steps[1].input.subject: Runtime error", fail.Reason);
    }

    [Fact]
    public void Apply_EventDoesNotChangeGivenState()
    {
        var state = FlowInstanceState.Create("i-1", TwoActivities);
        var before = Serialize(state);

        FlowInterpreter.Default.Apply(TwoActivities, state, Started(new { invoiceId = 1 }));

        Assert.Equal(before, Serialize(state));
    }

    [Fact]
    public void Apply_StateOfOtherVersion_Throws() =>
        Assert.Throws<ArgumentException>(() => FlowInterpreter.Default.Apply(
            TwoActivities with { Version = 2 }, FlowInstanceState.Create("i-1", TwoActivities), Started()));

    [Fact]
    public void Apply_EventAfterCompletion_IsIgnored()
    {
        var flow = Flow.Define("f", "F").Complete("done", "1 + 1").Build();
        var done = Run(flow, Started());

        var late = FlowInterpreter.Default.Apply(flow, done.State, new SignalReceived(At(1), "x", null));

        Assert.Equal(new CompleteFlow(JsonValue.Create(2)).ToString(), Assert.Single(done.Commands).ToString());
        Assert.Empty(late.Commands);
        Assert.Empty(late.State.BufferedSignals);
    }
}
