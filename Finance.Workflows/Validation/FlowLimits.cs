using System.Text.RegularExpressions;
using Finance.Workflows.Model;

namespace Finance.Workflows.Validation;

/// <summary>
/// What a definition may hold at all, checked before a draft is stored (and again at validate and publish): ids and
/// names have a grammar, texts and lists a length, durations are positive and bounded. A stored definition can always
/// be addressed in a URL, indexed and run; the semantic rules (<see cref="FlowValidator"/>) apply at publish.
/// </summary>
public static partial class FlowLimits
{
    public const int MaxIdLength = 100;
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxSteps = 500;
    public const int MaxExpressionLength = 10_000;
    public const int MaxInputs = 100;
    public const int MaxAttempts = 1000;

    /// <summary>The longest delay or wait: ten years (a dunning waits weeks; nothing in the books waits longer than its retention).</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(3650);

    /// <summary>The longest single activity attempt or retry interval.</summary>
    public static readonly TimeSpan MaxActivityInterval = TimeSpan.FromDays(1);

    /// <summary>Flow ids, step ids, signal, queue, activity and variable names: letters, digits, '.', '_', '-', starting with a letter or digit.</summary>
    public static bool IsName(string? value) => value is { Length: > 0 and <= MaxIdLength } && NameGrammar().IsMatch(value);

    public static IReadOnlyList<FlowValidationError> Check(FlowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new List<FlowValidationError>();
        if (string.IsNullOrWhiteSpace(definition.Id)) errors.Add(new("id", "A definition needs an id."));
        else if (!IsName(definition.Id)) errors.Add(new("id", NameRule("The id")));
        if (string.IsNullOrWhiteSpace(definition.Name)) errors.Add(new("name", "A definition needs a name."));
        else if (definition.Name.Length > MaxNameLength) errors.Add(new("name", $"At most {MaxNameLength} characters."));
        if (definition.Description is { Length: > MaxDescriptionLength }) errors.Add(new("description", $"At most {MaxDescriptionLength} characters."));
        if (definition.Input is { } inputs)
        {
            if (inputs.Count > MaxInputs) errors.Add(new("input", $"At most {MaxInputs} inputs."));
            for (var i = 0; i < Math.Min(inputs.Count, MaxInputs); i++)
            {
                if (!IsName(inputs[i])) errors.Add(new($"input[{i}]", NameRule("An input name")));
            }
        }

        var count = 0;
        foreach (var (step, path) in StepTree.Walk(definition.Steps, "steps"))
        {
            if (++count > MaxSteps)
            {
                errors.Add(new("steps", $"At most {MaxSteps} steps, nested ones included."));
                break;
            }
            FlowStepLimits.Check(step, path, errors);
        }
        return errors;
    }

    public static string NameRule(string what) =>
        $"{what} must be 1 to {MaxIdLength} letters, digits, '.', '_' or '-', starting with a letter or digit.";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NameGrammar();
}
