using System.Globalization;
using System.Text.Json.Nodes;
using Finance.Workflows.Expressions;

namespace Finance.Workflows.Interpreter;

/// <summary>Expression plumbing and the two ways a flow ends.</summary>
internal sealed partial class FlowExecution
{
    private ExpressionScope Scope => new(state.Input, state.Vars, state.Signal);

    private JsonObject Inputs(IReadOnlyDictionary<string, string>? input, string path)
    {
        var result = new JsonObject();
        foreach (var (field, expression) in input ?? new Dictionary<string, string>())
        {
            result[field] = Evaluate(() => evaluator.Evaluate(expression, Scope), $"{path}.input.{field}");
        }

        return result;
    }

    private DateTimeOffset Instant(string expression, string path)
    {
        var text = Evaluate(() => evaluator.EvaluateString(expression, Scope), path);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant
            : throw new StepFailure($"{path}: \"{text}\" is not an ISO-8601 instant.");
    }

    /// <summary>An expression error fails the flow with the path of the expression that broke.</summary>
    private static T Evaluate<T>(Func<T> evaluate, string path)
    {
        try
        {
            return evaluate();
        }
        catch (ExpressionException e)
        {
            throw new StepFailure($"{path}: {e.Message}");
        }
    }

    private void Complete(JsonNode? output)
    {
        Finish(FlowStatus.Completed);
        state.Output = output?.DeepClone();
        _commands.Add(new CompleteFlow(output));
    }

    private void Fail(string reason)
    {
        Finish(FlowStatus.Failed);
        state.FailureReason = reason;
        _commands.Add(new FailFlow(reason));
    }

    /// <summary>Clears everything pending; a pending timer is cancelled so it does not fire for nothing.</summary>
    private void Finish(FlowStatus status)
    {
        if (state.Timer is { } timer)
        {
            _commands.Add(new CancelTimer(timer.TimerId));
        }

        state.Status = status;
        state.Stack.Clear();
        state.Activity = null;
        state.Timer = null;
        state.AwaitedSignal = null;
        state.Child = null;
    }

    private sealed class StepFailure(string message) : Exception(message);
}
