using System.Collections.Immutable;
using Finance.Workflows.Model;

namespace Finance.Workflows.Validation;

/// <summary>The per-kind rules for one step; returns the variables defined after it (null: the flow ends).</summary>
internal sealed class StepRules(ValidationWalker walker, string path, ImmutableHashSet<string> defined)
{
    public ImmutableHashSet<string>? Check(FlowStep step) => step switch
    {
        ActivityStep s => Activity(s),
        DelayStep s => Delay(s),
        WaitStep s => Wait(s),
        IfStep s => If(s),
        StartFlowStep s => StartFlow(s),
        CompleteStep s => End(s.Output is null ? null : (s.Output, "output")),
        FailStep s => End((s.Reason, "reason")),
        _ => throw new InvalidOperationException($"Unknown step kind {step.GetType().Name}."),
    };

    private ImmutableHashSet<string> Activity(ActivityStep s)
    {
        if (walker.Activity(s.Name) is { } descriptor)
        {
            ActivityInputRules.Check(s, descriptor, path, walker);
        }
        else
        {
            walker.Error($"{path}.name", $"Unknown activity \"{s.Name}\".");
        }

        Inputs(s.Input);
        if (s.Retry is { } r && (r.MaxAttempts < 0 || r.BackoffCoefficient < 1
            || r.EffectiveInitialInterval <= TimeSpan.Zero || r.EffectiveMaximumInterval < r.EffectiveInitialInterval))
        {
            walker.Error($"{path}.retry", "Retry needs maxAttempts ≥ 0, backoffCoefficient ≥ 1 and 0 < initialInterval ≤ maximumInterval.");
        }

        if (s.StartToCloseTimeout is { } t && t <= TimeSpan.Zero)
        {
            walker.Error($"{path}.startToCloseTimeout", "The timeout must be positive.");
        }

        return s.Output is null ? defined : defined.Add(s.Output);
    }

    private ImmutableHashSet<string> Delay(DelayStep s)
    {
        if (s.Duration is null == s.Until is null)
        {
            walker.Error(path, "A delay needs exactly one of duration or until.");
        }
        else if (s.Duration is { } d && d <= TimeSpan.Zero)
        {
            walker.Error($"{path}.duration", "The duration must be positive.");
        }
        else if (s.Until is not null)
        {
            walker.Expression(s.Until, $"{path}.until", defined);
        }

        return defined;
    }

    private ImmutableHashSet<string>? Wait(WaitStep s)
    {
        if (string.IsNullOrWhiteSpace(s.Signal))
        {
            walker.Error($"{path}.signal", "A wait needs a signal name.");
        }

        if (s.Timeout is null == s.TimeoutUntil is null || s.OnTimeout is null)
        {
            walker.Error(path, "A wait needs a timeout path: exactly one of timeout or timeoutUntil, and onTimeout steps.");
        }

        if (s.TimeoutUntil is not null)
        {
            walker.Expression(s.TimeoutUntil, $"{path}.timeoutUntil", defined);
        }

        var afterSignal = s.Output is null ? defined : defined.Add(s.Output);
        return FlowValidator.Meet(afterSignal, walker.Block(s.OnTimeout, $"{path}.onTimeout", defined));
    }

    private ImmutableHashSet<string>? If(IfStep s)
    {
        walker.Expression(s.Condition, $"{path}.condition", defined);
        return FlowValidator.Meet(
            walker.Block(s.Then, $"{path}.then", defined),
            walker.Block(s.Else, $"{path}.else", defined));
    }

    private ImmutableHashSet<string> StartFlow(StartFlowStep s)
    {
        if (!walker.IsKnownFlow(s.FlowId))
        {
            walker.Error($"{path}.flowId", $"Unknown flow \"{s.FlowId}\".");
        }

        Inputs(s.Input);
        if (s.InstanceId is not null)
        {
            walker.Expression(s.InstanceId, $"{path}.instanceId", defined);
        }
        if (s.Output is not null && !s.WaitForCompletion)
        {
            walker.Error($"{path}.output", "An output needs waitForCompletion: a fire-and-forget child returns nothing.");
        }

        return s.Output is null || !s.WaitForCompletion ? defined : defined.Add(s.Output);
    }

    private ImmutableHashSet<string>? End((string Text, string Field)? expression)
    {
        if (expression is { } e)
        {
            walker.Expression(e.Text, $"{path}.{e.Field}", defined);
        }

        return null;
    }

    private void Inputs(IReadOnlyDictionary<string, string>? input)
    {
        foreach (var (field, expression) in input ?? new Dictionary<string, string>())
        {
            walker.Expression(expression, $"{path}.input.{field}", defined);
        }
    }
}
