using Finance.Workflows.Builder;
using Finance.Workflows.Interpreter;
using Finance.Workflows.Model;
using static Finance.Tests.Workflows.FlowTestKit;

namespace Finance.Tests.Workflows;

public class FlowInterpreterControlTests
{
    [Theory]
    [InlineData(5000, "big")]
    [InlineData(10, "small")]
    public void Apply_If_RunsMatchingBranch(int amount, string expected)
    {
        var flow = Flow.Define("f", "F")
            .If("size", "input.amount > 1000", then: t => t.Complete("b", "'big'"), @else: e => e.Complete("s", "'small'"))
            .Build();

        var t = Run(flow, Started(new { amount }));

        Assert.Equal(expected, Assert.IsType<CompleteFlow>(Assert.Single(t.Commands)).Output!.GetValue<string>());
    }

    [Fact]
    public void Apply_IfWithoutElse_ContinuesAfterIf()
    {
        var flow = Flow.Define("f", "F").If("c", "false", then: t => t.Fail("no", "'x'")).Complete("done", "'after'").Build();

        Assert.Equal("after", Assert.IsType<CompleteFlow>(Assert.Single(Run(flow, Started()).Commands)).Output!.GetValue<string>());
    }

    [Fact]
    public void Apply_DelayDuration_StartsTimerThenContinuesWhenFired()
    {
        var flow = Flow.Define("f", "F").Delay("pause", TimeSpan.FromMinutes(5)).Activity("send", "email.send").Build();

        var waiting = Run(flow, Started(minutes: 2));
        var fired = FlowInterpreter.Default.Apply(flow, waiting.State, new TimerFired(At(7), "1"));

        Assert.Equal(new StartTimer("1", At(7)), Assert.Single(waiting.Commands));
        Assert.Equal(FlowStatus.Waiting, waiting.State.Status);
        Assert.Equal("i-1:steps[1]", Assert.IsType<ScheduleActivity>(Assert.Single(fired.Commands)).IdempotencyKey);
    }

    [Fact]
    public void Apply_DelayUntilExpression_StartsTimerAtThatInstant()
    {
        var flow = Flow.Define("f", "F").DelayUntil("due", "input.dueAt").Build();

        var t = Run(flow, Started(new { dueAt = "2025-03-10T08:00:00+01:00" }));

        Assert.Equal(new StartTimer("1", new DateTimeOffset(2025, 3, 10, 7, 0, 0, TimeSpan.Zero)), Assert.Single(t.Commands));
    }

    [Fact]
    public void Apply_IfInsideOnTimeout_ThenBranchThenContinuesAfterWait()
    {
        var flow = Flow.Define("f", "F")
            .Wait("paid", "payment", TimeSpan.FromDays(1), onTimeout: t => t
                .If("big", "input.amount > 1000", then: b => b.Activity("call", "email.send", a => a.Input("n", "input.amount"))))
            .Complete("done", "'end'")
            .Build();

        var atCall = Run(flow, Started(new { amount = 5000 }), new TimerFired(At(1440), "1"));
        var end = FlowInterpreter.Default.Apply(flow, atCall.State, new ActivityCompleted(At(1441), 1, null));

        var schedule = Assert.IsType<ScheduleActivity>(Assert.Single(atCall.Commands));
        Assert.Equal(("i-1:steps[0].onTimeout[0].then[0]", "steps[0].onTimeout[0].then[0]"), (schedule.IdempotencyKey, schedule.StepPath));
        Assert.Equal(3, atCall.State.Stack.Count);
        Assert.Equal("end", Assert.IsType<CompleteFlow>(Assert.Single(end.Commands)).Output!.GetValue<string>());
    }

    [Fact]
    public void Apply_StartFlowFireAndForget_StartsChildAndContinues()
    {
        var flow = Flow.Define("f", "F").StartFlow("child", "debt.collection", f => f.Input("id", "input.id")).Complete("done").Build();

        var t = Run(flow, Started(new { id = 3 }));

        var start = Assert.IsType<StartChildFlow>(t.Commands[0]);
        Assert.Equal(("i-1:steps[0]", "debt.collection", false, 3), (start.ChildInstanceId, start.FlowId, start.WaitForCompletion, start.Input["id"]!.GetValue<int>()));
        Assert.IsType<CompleteFlow>(t.Commands[1]);
    }

    [Fact]
    public void Apply_StartFlowWithInstanceIdExpression_NamesTheChildByIt()
    {
        var flow = Flow.Define("f", "F")
            .StartFlow("child", "invoice.dunning", f => f.Input("id", "input.id").InstanceId("'invoice-dunning-' + input.id"))
            .Complete("done").Build();

        var t = Run(flow, Started(new { id = "42" }));

        Assert.Equal("invoice-dunning-42", Assert.IsType<StartChildFlow>(t.Commands[0]).ChildInstanceId);
    }

    [Fact]
    public void Apply_StartFlowWaitForCompletion_StoresChildOutput()
    {
        var flow = Flow.Define("f", "F").StartFlow("child", "ledger.post", f => f.WaitForCompletion("posting")).Complete("done", "vars.posting.ref").Build();

        var waiting = Run(flow, Started());
        var done = FlowInterpreter.Default.Apply(flow, waiting.State, new ChildFlowCompleted(At(1), 1, Json("""{"ref":"L-1"}""")));

        Assert.Equal(FlowStatus.Waiting, waiting.State.Status);
        Assert.Equal("L-1", Assert.IsType<CompleteFlow>(Assert.Single(done.Commands)).Output!.GetValue<string>());
    }

    [Fact]
    public void Apply_ChildFlowFailed_FailsParent()
    {
        var flow = Flow.Define("f", "F").StartFlow("child", "ledger.post", f => f.WaitForCompletion()).Build();

        var t = Run(flow, Started(), new ChildFlowFailed(At(1), 1, "ledger closed"));

        Assert.Equal(new FailFlow("Child flow i-1:steps[0] failed: ledger closed"), Assert.Single(t.Commands));
    }

    [Fact]
    public void Apply_FailStep_FailsWithEvaluatedReason()
    {
        var flow = new FlowDefinition("f", 1, "F", [new FailStep("stop", "'invoice ' + input.n + ' rejected'")]);

        Assert.Equal(new FailFlow("invoice 12 rejected"), Assert.Single(Run(flow, Started(new { n = 12 })).Commands));
    }
}
