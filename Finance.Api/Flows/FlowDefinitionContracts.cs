using Finance.Workflows.Definitions;
using System.Text.Json.Nodes;
using Finance.Workflows.Model;
using Finance.Workflows.Validation;
using Finance.Workflows.Versioning;

namespace Finance.Api.Flows;

public sealed record FlowDefinitionSummaryResponse(string Id, string Name, int LatestVersion, int? PublishedVersion)
{
    public static FlowDefinitionSummaryResponse From(FlowDefinitionSummary s) => new(s.Id, s.Name, s.LatestVersion, s.PublishedVersion);
}

/// <summary>One stored version; <see cref="Definition"/> is the JSON the designer edits (and what export gives).</summary>
public sealed record FlowDefinitionResponse(string Id, int Version, string Status, JsonNode Definition)
{
    public static FlowDefinitionResponse From(FlowDefinitionVersion v) =>
        new(v.DefinitionId, v.Version, v.Status.Text(), JsonNode.Parse(FlowJson.Serialize(v.Definition))!);
}

public sealed record FlowVersionResponse(int Version, string Status, string Name)
{
    public static FlowVersionResponse From(FlowDefinitionVersion v) => new(v.Version, v.Status.Text(), v.Definition.Name);
}

/// <summary>An error with the JSON path it concerns, e.g. <c>steps[1].input.to</c>.</summary>
public sealed record FlowValidationErrorResponse(string Path, string Message)
{
    public static FlowValidationErrorResponse From(FlowValidationError e) => new(e.Path, e.Message);
}

public sealed record FlowValidationResponse(bool Valid, FlowValidationErrorResponse[] Errors)
{
    public static FlowValidationResponse From(IReadOnlyList<FlowValidationError> errors) =>
        new(errors.Count == 0, [.. errors.Select(FlowValidationErrorResponse.From)]);
}
