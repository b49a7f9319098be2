using System.Collections.Immutable;
using Finance.Workflows.Activities;
using Finance.Workflows.Model;

namespace Finance.Workflows.Validation;

/// <summary>
/// Checks a definition before publish without running anything: known activities and child flows,
/// expression syntax, variables defined on every path, waits with a timeout path, unique step ids; each activity step's
/// inputs against its <see cref="ActivityDescriptor"/> (<see cref="ActivityInputRules"/>); the trigger, if any.
/// </summary>
public static class FlowValidator
{
    /// <summary>Checks activity names only (any input): for callers that have names but no descriptors.</summary>
    public static IReadOnlyList<FlowValidationError> Validate(
        FlowDefinition definition, IReadOnlySet<string> knownActivities, IReadOnlySet<string>? knownFlowIds = null)
    {
        ArgumentNullException.ThrowIfNull(knownActivities);
        return Validate(definition, knownActivities.ToDictionary(n => n, n => ActivityDescriptor.Undescribed(n, "default"), StringComparer.Ordinal), knownFlowIds);
    }

    /// <summary>Returns every error found; an empty list means the definition may be published.</summary>
    /// <param name="definition">The draft to check.</param>
    /// <param name="activities">The activities the catalog can run, by name, with their descriptors.</param>
    /// <param name="knownFlowIds">Flow ids <c>startFlow</c> may name; <c>null</c> skips that check.</param>
    public static IReadOnlyList<FlowValidationError> Validate(
        FlowDefinition definition, IReadOnlyDictionary<string, ActivityDescriptor> activities, IReadOnlySet<string>? knownFlowIds = null)
    {
        // Past the limits nothing else is worth checking (and a megabyte expression is not worth parsing).
        if (FlowLimits.Check(definition) is { Count: > 0 } limits)
        {
            return limits;
        }

        var walker = new ValidationWalker(definition, activities, knownFlowIds);

        if (definition.Version < 1)
        {
            walker.Errors.Add(new("version", "Versions start at 1."));
        }

        if (definition.Steps.Count == 0)
        {
            walker.Errors.Add(new("steps", "A flow needs at least one step."));
        }

        CheckUniqueIds(definition, walker.Errors);
        TriggerRules.Check(definition.Trigger, walker.Errors);
        walker.Block(definition.Steps, "steps", []);
        return walker.Errors;
    }

    private static void CheckUniqueIds(FlowDefinition definition, List<FlowValidationError> errors)
    {
        var firstPath = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (step, path) in StepTree.Walk(definition.Steps, "steps"))
        {
            if (string.IsNullOrWhiteSpace(step.Id))
            {
                errors.Add(new($"{path}.id", "Every step needs an id."));
            }
            else if (!firstPath.TryAdd(step.Id, path))
            {
                errors.Add(new($"{path}.id", $"Step id \"{step.Id}\" is already used by {firstPath[step.Id]}."));
            }
        }
    }

    /// <summary>Variables defined after two alternative paths; <c>null</c> stands for a path that ended the flow.</summary>
    internal static ImmutableHashSet<string>? Meet(ImmutableHashSet<string>? a, ImmutableHashSet<string>? b) =>
        a is null ? b : b is null ? a : a.Intersect(b);
}
