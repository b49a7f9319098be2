using System.Collections.Immutable;
using Finance.Workflows.Activities;
using Finance.Workflows.Expressions;
using Finance.Workflows.Model;

namespace Finance.Workflows.Validation;

/// <summary>
/// Walks the steps in execution order, carrying the set of variables defined on every path so far
/// (a definite-assignment analysis: there are no loops, so one pass is exact).
/// </summary>
internal sealed class ValidationWalker(
    FlowDefinition definition, IReadOnlyDictionary<string, ActivityDescriptor> activities, IReadOnlySet<string>? knownFlowIds)
{
    private readonly HashSet<string> _allOutputs = [.. StepTree.Walk(definition.Steps, "steps").Select(s => OutputOf(s.Step)).OfType<string>()];
    private readonly HashSet<string>? _declaredInput = definition.Input is null ? null : [.. definition.Input];

    public List<FlowValidationError> Errors { get; } = [];

    /// <summary>Returns the variables defined after the block, or <c>null</c> when it always ends the flow.</summary>
    public ImmutableHashSet<string>? Block(IReadOnlyList<FlowStep>? steps, string path, ImmutableHashSet<string> defined)
    {
        ImmutableHashSet<string>? current = defined;
        for (var i = 0; i < (steps?.Count ?? 0); i++)
        {
            var stepPath = $"{path}[{i}]";
            if (current is null)
            {
                Errors.Add(new(stepPath, "Unreachable: an earlier step always completes or fails the flow."));
                return null;
            }

            current = new StepRules(this, stepPath, current).Check(steps![i]);
        }

        return current;
    }

    public void Error(string path, string message) => Errors.Add(new(path, message));

    public ActivityDescriptor? Activity(string name) => activities.GetValueOrDefault(name);

    public bool IsKnownFlow(string flowId) => knownFlowIds is null || knownFlowIds.Contains(flowId);

    /// <summary>Syntax first; then every <c>vars.x</c> must be defined on all paths and every <c>input.y</c> declared.</summary>
    public void Expression(string? text, string path, ImmutableHashSet<string> defined)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            Error(path, "The expression is empty.");
            return;
        }

        if (ExpressionSyntax.Check(text) is { } syntaxError)
        {
            Error(path, $"Syntax error: {syntaxError}");
            return;
        }

        foreach (var name in ExpressionSyntax.MembersOf(text, "vars").Where(n => !defined.Contains(n)))
        {
            Error(path, _allOutputs.Contains(name)
                ? $"vars.{name} is not defined on every path that reaches this step."
                : $"vars.{name} is not the output of any step.");
        }

        if (_declaredInput is not null)
        {
            foreach (var name in ExpressionSyntax.MembersOf(text, "input").Where(n => !_declaredInput.Contains(n)))
            {
                Error(path, $"input.{name} is not a declared input field.");
            }
        }
    }

    private static string? OutputOf(FlowStep step) => step switch
    {
        ActivityStep s => s.Output,
        WaitStep s => s.Output,
        StartFlowStep s => s.Output,
        _ => null,
    };
}
