using Finance.Workflows.Model;

namespace Finance.Workflows.Validation;

/// <summary>The <see cref="FlowLimits"/> of one step, by kind.</summary>
internal static class FlowStepLimits
{
    public static void Check(FlowStep step, string path, List<FlowValidationError> errors)
    {
        Name(step.Id, $"{path}.id", "A step id", errors);
        switch (step)
        {
            case ActivityStep s:
                Name(s.Name, $"{path}.name", "An activity name", errors);
                OptionalName(s.Queue, $"{path}.queue", "A queue name", errors);
                OptionalName(s.Output, $"{path}.output", "An output name", errors);
                Inputs(s.Input, path, errors);
                Duration(s.StartToCloseTimeout, $"{path}.startToCloseTimeout", FlowLimits.MaxActivityInterval, errors);
                if (s.Retry is { } retry)
                {
                    if (retry.MaxAttempts is < 0 or > FlowLimits.MaxAttempts) errors.Add(new($"{path}.retry.maxAttempts", $"0 (unlimited) to {FlowLimits.MaxAttempts}."));
                    if (!double.IsFinite(retry.BackoffCoefficient) || retry.BackoffCoefficient is < 1 or > 100)
                        errors.Add(new($"{path}.retry.backoffCoefficient", "1 to 100."));
                    Duration(retry.InitialInterval, $"{path}.retry.initialInterval", FlowLimits.MaxActivityInterval, errors);
                    Duration(retry.MaximumInterval, $"{path}.retry.maximumInterval", FlowLimits.MaxActivityInterval, errors);
                }
                break;
            case DelayStep s:
                Duration(s.Duration, $"{path}.duration", FlowLimits.MaxDuration, errors);
                Expression(s.Until, $"{path}.until", errors);
                break;
            case WaitStep s:
                Name(s.Signal, $"{path}.signal", "A signal name", errors);
                OptionalName(s.Output, $"{path}.output", "An output name", errors);
                Duration(s.Timeout, $"{path}.timeout", FlowLimits.MaxDuration, errors);
                Expression(s.TimeoutUntil, $"{path}.timeoutUntil", errors);
                break;
            case IfStep s:
                Expression(s.Condition, $"{path}.condition", errors);
                break;
            case StartFlowStep s:
                Name(s.FlowId, $"{path}.flowId", "A flow id", errors);
                OptionalName(s.Output, $"{path}.output", "An output name", errors);
                Inputs(s.Input, path, errors);
                Expression(s.InstanceId, $"{path}.instanceId", errors);
                break;
            case CompleteStep s:
                Expression(s.Output, $"{path}.output", errors);
                break;
            case FailStep s:
                Expression(s.Reason, $"{path}.reason", errors);
                break;
        }
    }

    private static void Name(string? value, string path, string what, List<FlowValidationError> errors)
    {
        if (!FlowLimits.IsName(value)) errors.Add(new(path, FlowLimits.NameRule(what)));
    }

    private static void OptionalName(string? value, string path, string what, List<FlowValidationError> errors)
    {
        if (value is not null) Name(value, path, what, errors);
    }

    private static void Inputs(IReadOnlyDictionary<string, string>? input, string path, List<FlowValidationError> errors)
    {
        if (input is null) return;
        if (input.Count > FlowLimits.MaxInputs) errors.Add(new($"{path}.input", $"At most {FlowLimits.MaxInputs} inputs."));
        foreach (var (field, expression) in input.Take(FlowLimits.MaxInputs))
        {
            Name(field, $"{path}.input", "An input name", errors);
            Expression(expression, $"{path}.input.{field}", errors);
        }
    }

    private static void Expression(string? expression, string path, List<FlowValidationError> errors)
    {
        if (expression is { Length: > FlowLimits.MaxExpressionLength }) errors.Add(new(path, $"An expression is limited to {FlowLimits.MaxExpressionLength} characters."));
    }

    private static void Duration(TimeSpan? value, string path, TimeSpan max, List<FlowValidationError> errors)
    {
        if (value is { } d && (d <= TimeSpan.Zero || d > max)) errors.Add(new(path, $"A duration must be positive and at most {IsoDurationConverter.Format(max)}."));
    }
}
