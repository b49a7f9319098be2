using System.Text.Json.Nodes;
using Finance.Workflows.Expressions;
using Finance.Workflows.Model;

namespace Finance.Workflows.Interpreter;

/// <summary>
/// One event's worth of work on a private copy of the state: the event handlers here, the step
/// semantics in FlowExecution.Steps.cs. Handlers ignore events that no longer match the state.
/// </summary>
internal sealed partial class FlowExecution(
    StepIndex index, FlowInstanceState state, DateTimeOffset now, ExpressionEvaluator evaluator)
{
    private readonly List<FlowCommand> _commands = [];

    public FlowTransition Result() => new(state, _commands);

    public void Start(JsonNode? input)
    {
        state.Input = input?.DeepClone();
        state.Stack = [new StackFrame("steps", 0)];
        state.Status = FlowStatus.Running;
        Continue();
    }

    public void OnActivityCompleted(ActivityCompleted e)
    {
        if (state.Activity is not { } pending || pending.Seq != e.Seq)
        {
            return;
        }

        state.Activity = null;
        if (((ActivityStep)index[pending.StepId].Step).Output is { } output)
        {
            state.Vars[output] = e.Result?.DeepClone();
        }

        Advance();
        Continue();
    }

    public void OnActivityFailed(ActivityFailed e)
    {
        if (state.Activity is not { } pending || pending.Seq != e.Seq)
        {
            return;
        }

        if (!e.IsFinal)
        {
            // The engine is retrying; remember where it is so the state shows it.
            state.Activity = pending with { Attempt = e.Attempt + 1, LastError = e.Error };
            return;
        }

        var (step, path) = index[pending.StepId];
        Fail($"Activity \"{((ActivityStep)step).Name}\" at {path} failed after {e.Attempt} attempt(s): {e.Error}");
    }

    public void OnTimerFired(TimerFired e)
    {
        // A timer that lost its race (the signal came first and cancelled it) no longer matches: ignored.
        if (state.Timer is not { } timer || timer.TimerId != e.TimerId)
        {
            return;
        }

        state.Timer = null;
        Advance();
        if (timer.ForWait)
        {
            state.AwaitedSignal = null;
            Push(new StackFrame("onTimeout", 0, timer.StepId));
        }

        Continue();
    }

    public void OnSignal(SignalReceived e)
    {
        if (state.AwaitedSignal is not { } awaited || awaited.Name != e.Name)
        {
            // Early, late (after its wait timed out) or unrelated: kept for the next wait on that name.
            state.BufferedSignals.Add(new BufferedSignal(e.Name, e.Time, e.Payload?.DeepClone()));
            return;
        }

        state.AwaitedSignal = null;
        if (state.Timer is { ForWait: true } timer)
        {
            state.Timer = null;
            _commands.Add(new CancelTimer(timer.TimerId));
        }

        ConsumeSignal((WaitStep)index[awaited.StepId].Step, e.Payload);
        Continue();
    }

    public void OnChildCompleted(ChildFlowCompleted e)
    {
        if (state.Child is not { } child || child.Seq != e.Seq)
        {
            return;
        }

        state.Child = null;
        if (((StartFlowStep)index[child.StepId].Step).Output is { } output)
        {
            state.Vars[output] = e.Output?.DeepClone();
        }

        Advance();
        Continue();
    }

    public void OnChildFailed(ChildFlowFailed e)
    {
        if (state.Child is { } child && child.Seq == e.Seq)
        {
            Fail($"Child flow {child.ChildInstanceId} failed: {e.Reason}");
        }
    }

    public void Cancel(string? reason)
    {
        Finish(FlowStatus.Cancelled);
        _commands.Add(new CancelFlow(reason));
    }
}
