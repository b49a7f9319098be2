using Finance.Workflows.Model;

namespace Finance.Workflows.Versioning;

/// <summary>Lifecycle of one version (Elsa's: draft → published → retired). Retired versions keep running instances.</summary>
public enum FlowVersionStatus
{
    Draft,
    Published,
    Retired,
}

/// <summary>One stored version of a definition: a stable <see cref="DefinitionId"/> plus a version number.</summary>
public sealed record FlowDefinitionVersion(FlowDefinition Definition, FlowVersionStatus Status)
{
    public string DefinitionId => Definition.Id;

    public int Version => Definition.Version;
}
