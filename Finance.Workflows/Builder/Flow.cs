namespace Finance.Workflows.Builder;

/// <summary>
/// Entry point of the builder for built-in flows. The builder emits the same <see cref="Model.FlowDefinition"/>
/// the designer edits, so a built-in flow can be exported, edited and re-imported.
/// </summary>
public static class Flow
{
    /// <summary>Starts a definition: <c>Flow.Define("invoice.dunning", "Dunning").Activity(...).Build()</c>.</summary>
    public static FlowBuilder Define(string id, string name, int version = 1) => new(id, name, version);
}
