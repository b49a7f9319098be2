using Finance.Workflows.Model;

namespace Finance.Workflows.Engines;

/// <summary>Finds the definition an engine starts: the published version of a flow, or a pinned one. The embedded engine's store implements it.</summary>
public interface IFlowDefinitionResolver
{
    /// <summary>Returns <paramref name="flowId"/> at <paramref name="version"/>, or its published version when null.</summary>
    /// <exception cref="FlowNotFoundException">No such flow, version, or no published version.</exception>
    Task<FlowDefinition> ResolveAsync(string flowId, int? version, CancellationToken cancellationToken);
}
