using Finance.Workflows.Builder;
using Finance.Workflows.Interpreter;
using Finance.Workflows.Model;
using static Finance.Tests.Workflows.FlowTestKit;

namespace Finance.Tests.Workflows;

public class FlowInterpreterWaitTests
{
    private static readonly FlowDefinition WaitForPayment = Flow.Define("f", "F")
        .Wait("paid", "payment.received", TimeSpan.FromDays(14), onTimeout: t => t.Fail("unpaid", "'no payment'"), output: "payment")
        .Complete("done", "vars.payment.amount")
        .Build();

    [Fact]
    public void Apply_WaitReached_AwaitsSignalAndStartsTimerFromEventTime()
    {
        var t = Run(WaitForPayment, Started(minutes: 5));

        Assert.Equal([new AwaitSignal("payment.received"), new StartTimer("1", At(5) + TimeSpan.FromDays(14))], t.Commands);
        Assert.Equal(FlowStatus.Waiting, t.State.Status);
    }

    [Fact]
    public void Apply_SignalBeforeTimeout_CancelsTimerAndContinuesWithPayload()
    {
        var t = Run(WaitForPayment, Started(), new SignalReceived(At(60), "payment.received", Json("""{"amount": 250}""")));

        Assert.Equal(new CancelTimer("1"), t.Commands[0]);
        Assert.Equal(250, Assert.IsType<CompleteFlow>(t.Commands[1]).Output!.GetValue<int>());
    }

    [Fact]
    public void Apply_TimerFiresAfterSignal_IsNoOp()
    {
        var signalled = Run(WaitForPayment, Started(), new SignalReceived(At(60), "payment.received", Json("""{"amount": 1}""")));

        var late = FlowInterpreter.Default.Apply(WaitForPayment, signalled.State, new TimerFired(At(20160), "1"));

        Assert.Empty(late.Commands);
        Assert.Equal(FlowStatus.Completed, late.State.Status);
    }

    [Fact]
    public void Apply_TimeoutFires_RunsOnTimeoutSteps()
    {
        var t = Run(WaitForPayment, Started(), new TimerFired(At(20160), "1"));

        Assert.Equal(new FailFlow("no payment"), Assert.Single(t.Commands));
    }

    [Fact]
    public void Apply_SignalAfterTimeout_IsBufferedNotApplied()
    {
        var flow = Flow.Define("f", "F")
            .Wait("paid", "payment.received", TimeSpan.FromMinutes(1), onTimeout: t => t.Delay("pause", TimeSpan.FromHours(1)))
            .Build();
        var timedOut = Run(flow, Started(), new TimerFired(At(1), "1"));

        var late = FlowInterpreter.Default.Apply(flow, timedOut.State, new SignalReceived(At(2), "payment.received", Json("{}")));

        Assert.Empty(late.Commands);
        Assert.Equal("payment.received", Assert.Single(late.State.BufferedSignals).Name);
        Assert.Equal("pause", late.State.Timer!.StepId);
    }

    [Fact]
    public void Apply_SignalArrivesBeforeWait_IsBufferedThenConsumedWithoutWaiting()
    {
        var flow = Flow.Define("f", "F")
            .Activity("load", "invoice.load")
            .Wait("paid", "payment.received", TimeSpan.FromDays(1), onTimeout: t => t.Fail("x", "'late'"), output: "payment")
            .Complete("done", "signal.amount + vars.payment.amount")
            .Build();

        var early = Run(flow, Started(), new SignalReceived(At(1), "payment.received", Json("""{"amount": 7}""")));
        Assert.Empty(early.Commands);

        var t = FlowInterpreter.Default.Apply(flow, early.State, new ActivityCompleted(At(2), 1, null));

        Assert.Equal(14, Assert.IsType<CompleteFlow>(Assert.Single(t.Commands)).Output!.GetValue<int>());
        Assert.Empty(t.State.BufferedSignals);
    }

    [Fact]
    public void Apply_SignalArrivesTwice_ConsumedOncePerWait()
    {
        var flow = Flow.Define("f", "F")
            .Wait("first", "approve", TimeSpan.FromDays(1), onTimeout: t => t.Fail("x1", "'t1'"), output: "a")
            .Wait("second", "approve", TimeSpan.FromDays(1), onTimeout: t => t.Fail("x2", "'t2'"), output: "b")
            .Wait("third", "approve", TimeSpan.FromDays(1), onTimeout: t => t.Fail("x3", "'t3'"), output: "c")
            .Build();

        var t = Run(flow, Started(),
            new SignalReceived(At(1), "approve", Json("1")),
            new SignalReceived(At(2), "approve", Json("2")));

        Assert.Equal(("third", 1, 2), (t.State.AwaitedSignal!.StepId, t.State.Vars["a"]!.GetValue<int>(), t.State.Vars["b"]!.GetValue<int>()));
        Assert.Equal([new CancelTimer("2"), new AwaitSignal("approve"), new StartTimer("3", At(2).AddDays(1))], t.Commands);
    }

    [Fact]
    public void Apply_OtherSignalName_DoesNotSatisfyWait()
    {
        var t = Run(WaitForPayment, Started(), new SignalReceived(At(1), "payment.refused", Json("{}")));

        Assert.Empty(t.Commands);
        Assert.Equal("payment.received", t.State.AwaitedSignal!.Name);
    }

    [Fact]
    public void Apply_TimeoutUntilInThePast_TakesTimeoutPathAtOnce()
    {
        var flow = Flow.Define("f", "F")
            .WaitUntil("paid", "payment.received", "input.dueAt", onTimeout: t => t.Complete("late", "'overdue'"))
            .Build();

        var t = Run(flow, Started(new { dueAt = "2025-02-01T00:00:00Z" }));

        Assert.Equal("overdue", Assert.IsType<CompleteFlow>(Assert.Single(t.Commands)).Output!.GetValue<string>());
    }

    [Fact]
    public void Apply_CancelWhileWaiting_CancelsTimerAndFlow()
    {
        var t = Run(WaitForPayment, Started(), new CancelRequested(At(3), "customer left"));

        Assert.Equal([new CancelTimer("1"), new CancelFlow("customer left")], t.Commands);
        Assert.Equal(FlowStatus.Cancelled, t.State.Status);
    }
}
