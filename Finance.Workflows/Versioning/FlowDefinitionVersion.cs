using Finance.Workflows.Model;

namespace Finance.Workflows.Versioning;

/// <summary>Lifecycle of one version (Elsa's: draft → published → retired). Retired versions keep running instances.</summary>
public enum FlowVersionStatus
{
    Draft,
    Published,
    Retired,
}

/// <summary>The one mapping between <see cref="FlowVersionStatus"/> and its text: <c>flow_definitions.status</c> and the API.</summary>
public static class FlowVersionStatusText
{
    public const string Draft = "draft";
    public const string Published = "published";
    public const string Retired = "retired";

    public static string Text(this FlowVersionStatus status) => status switch
    {
        FlowVersionStatus.Draft => Draft,
        FlowVersionStatus.Published => Published,
        FlowVersionStatus.Retired => Retired,
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static FlowVersionStatus Parse(string text) => text switch
    {
        Draft => FlowVersionStatus.Draft,
        Published => FlowVersionStatus.Published,
        Retired => FlowVersionStatus.Retired,
        _ => throw new ArgumentOutOfRangeException(nameof(text), text, "Not a flow version status."),
    };
}

/// <summary>One stored version of a definition: a stable <see cref="DefinitionId"/> plus a version number.</summary>
public sealed record FlowDefinitionVersion(FlowDefinition Definition, FlowVersionStatus Status)
{
    public string DefinitionId => Definition.Id;

    public int Version => Definition.Version;
}
