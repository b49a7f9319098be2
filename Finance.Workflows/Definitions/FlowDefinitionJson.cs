using System.Text.Json;
using Finance.Core.Errors;
using Finance.Workflows.Model;
using Finance.Workflows.Validation;

namespace Finance.Workflows.Definitions;

/// <summary>A definition the store refused: the JSON does not fit the model, or validation found errors.</summary>
public sealed class FlowDefinitionInvalidException(IReadOnlyList<FlowValidationError> errors)
    : ValidationException(
        errors.GroupBy(x => x.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(x => x.Message).ToArray(), StringComparer.Ordinal),
        "The flow definition is invalid; nothing was changed.", "Invalid flow definition", "flow.definition_invalid")
{
    /// <summary>The errors as the validator reports them, each with its JSON path.</summary>
    public IReadOnlyList<FlowValidationError> ValidationErrors { get; } = errors;
}

/// <summary>A summary line per definition id for the designer's list.</summary>
public sealed record FlowDefinitionSummary(string Id, string Name, int LatestVersion, int? PublishedVersion);

public static class FlowDefinitionJson
{
    /// <summary>Parses definition JSON; a shape error becomes <see cref="FlowDefinitionInvalidException"/>.</summary>
    public static FlowDefinition Parse(string json)
    {
        try
        {
            return FlowJson.Deserialize(json);
        }
        catch (JsonException e)
        {
            return e.Path is { } path
                ? throw new FlowDefinitionInvalidException([new FlowValidationError(path, e.Message)])
                : throw new FlowDefinitionInvalidException([new FlowValidationError("$", e.Message)]);
        }
    }
}
