using System.Globalization;
using System.Text.Json.Nodes;
using Finance.Workflows.Model;

namespace Finance.Workflows.Interpreter;

/// <summary>Step semantics: run steps from the stack until one blocks or the flow ends.</summary>
internal sealed partial class FlowExecution
{
    private void Continue()
    {
        while (state.Stack.Count > 0)
        {
            var frame = state.Stack[^1];
            var block = index.Block(frame);
            if (frame.Next >= block.Count)
            {
                state.Stack.RemoveAt(state.Stack.Count - 1);
                continue;
            }

            var path = index.PathOf(frame, frame.Next);
            try
            {
                if (Execute(block[frame.Next], path) || state.IsFinished)
                {
                    return;
                }
            }
            catch (StepFailure e)
            {
                Fail(e.Message);
                return;
            }
        }

        // Falling off the end of the root block completes the flow without output.
        Complete(null);
    }

    /// <summary>Runs one step; true when the flow now waits for an event.</summary>
    private bool Execute(FlowStep step, string path)
    {
        switch (step)
        {
            case ActivityStep s:
                var seq = NextActivitySeq();
                state.Activity = new PendingActivity(seq, s.Id);
                state.Status = FlowStatus.Running;
                _commands.Add(new ScheduleActivity(seq, s.Id, path, s.Name, Inputs(s.Input, path), s.EffectiveRetry,
                    $"{state.InstanceId}:{path}", s.Queue, s.StartToCloseTimeout));
                return true;
            case DelayStep s:
                var fireAt = s.Duration is { } d ? now + d : Instant(s.Until!, $"{path}.until");
                return fireAt > now ? StartTimer(s.Id, fireAt, forWait: false) : Advance();
            case WaitStep s:
                return Wait(s, path);
            case IfStep s:
                var branch = Evaluate(() => evaluator.EvaluateCondition(s.Condition, Scope), $"{path}.condition") ? "then" : "else";
                Advance();
                Push(new StackFrame(branch, 0, s.Id));
                return false;
            case StartFlowStep s:
                var childId = s.InstanceId is null
                    ? $"{state.InstanceId}:{path}"
                    : Evaluate(() => evaluator.EvaluateString(s.InstanceId, Scope), $"{path}.instanceId");
                var child = new PendingChild(NextChildSeq(), s.Id, childId);
                _commands.Add(new StartChildFlow(child.Seq, child.ChildInstanceId, s.FlowId, Inputs(s.Input, path), s.WaitForCompletion));
                state.Child = s.WaitForCompletion ? child : null;
                return s.WaitForCompletion ? Waiting() : Advance();
            case CompleteStep s:
                Complete(s.Output is null ? null : Evaluate(() => evaluator.Evaluate(s.Output, Scope), $"{path}.output"));
                return true;
            case FailStep s:
                Fail(Evaluate(() => evaluator.EvaluateString(s.Reason, Scope), $"{path}.reason"));
                return true;
            default:
                throw new InvalidOperationException($"Unknown step kind {step.GetType().Name}.");
        }
    }

    private bool Wait(WaitStep s, string path)
    {
        var buffered = state.BufferedSignals.FindIndex(b => b.Name == s.Signal);
        if (buffered >= 0)
        {
            var signal = state.BufferedSignals[buffered];
            state.BufferedSignals.RemoveAt(buffered);
            ConsumeSignal(s, signal.Payload);
            return false;
        }

        DateTimeOffset? timeoutAt = s.Timeout is { } t ? now + t
            : s.TimeoutUntil is { } until ? Instant(until, $"{path}.timeoutUntil") : null;
        if (timeoutAt <= now)
        {
            Advance();
            Push(new StackFrame("onTimeout", 0, s.Id));
            return false;
        }

        state.AwaitedSignal = new AwaitedSignal(s.Signal, s.Id);
        _commands.Add(new AwaitSignal(s.Signal));
        return timeoutAt is { } at ? StartTimer(s.Id, at, forWait: true) : Waiting();
    }

    private void ConsumeSignal(WaitStep step, JsonNode? payload)
    {
        state.Signal = payload?.DeepClone();
        if (step.Output is { } output)
        {
            state.Vars[output] = payload?.DeepClone();
        }

        Advance();
    }

    private bool StartTimer(string stepId, DateTimeOffset fireAt, bool forWait)
    {
        state.Sequences = state.Sequences with { Timer = state.Sequences.Timer + 1 };
        var timerId = state.Sequences.Timer.ToString(CultureInfo.InvariantCulture);
        state.Timer = new PendingTimer(timerId, stepId, fireAt, forWait);
        _commands.Add(new StartTimer(timerId, fireAt));
        return Waiting();
    }

    private int NextActivitySeq() => (state.Sequences = state.Sequences with { Activity = state.Sequences.Activity + 1 }).Activity;

    private int NextChildSeq() => (state.Sequences = state.Sequences with { Child = state.Sequences.Child + 1 }).Child;

    private bool Waiting()
    {
        state.Status = FlowStatus.Waiting;
        return true;
    }

    /// <summary>Moves past the current step of the innermost block; false so callers can "return Advance()" to go on.</summary>
    private bool Advance()
    {
        var top = state.Stack[^1];
        state.Stack[^1] = top with { Next = top.Next + 1 };
        state.Status = FlowStatus.Running;
        return false;
    }

    private void Push(StackFrame frame) => state.Stack.Add(frame);
}
