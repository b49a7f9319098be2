using System.Text.Json.Nodes;
using Finance.Workflows.Definitions;
using Finance.Workflows.Runs;

namespace Finance.Workflows.Engines.Embedded;

/// <summary>
/// <see cref="IFlowInstances"/> on the embedded engine: the instance tables read through <see cref="FlowQueries"/>, the
/// timeline rebuilt from the journal (<see cref="JournalTimeline"/>), retry through the dead-lettered work item.
/// </summary>
public sealed class EmbeddedFlowInstances(FlowQueries queries, FlowDefinitionStore definitions, EmbeddedFlowEngine engine) : IFlowInstances
{
    public string Engine => "embedded";

    public Task<IReadOnlyList<FlowInstanceSummary>> ListAsync(FlowInstanceFilter filter, CancellationToken cancellationToken) =>
        queries.ListInstancesAsync(filter, cancellationToken);

    public Task<FlowInstanceSummary?> FindAsync(string id, CancellationToken cancellationToken) => queries.FindInstanceAsync(id, cancellationToken);

    public async Task<FlowInstanceView?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (await queries.GetInstanceAsync(id, cancellationToken) is not { } details)
        {
            return null;
        }

        var instance = details.Instance;
        var definition = (await definitions.GetAsync(instance.FlowId, instance.Version, cancellationToken))?.Definition;
        var timeline = JournalTimeline.Build(definition, instance.Id, details.Journal);
        var input = timeline.FirstOrDefault(e => e.Kind == FlowTimelineKind.Started)?.Data?.DeepClone();
        return new FlowInstanceView(instance, Engine, input, JsonNode.Parse(details.StateJson), timeline, details.Journal, details.WorkItems);
    }

    public async Task RetryAsync(string id, CancellationToken cancellationToken)
    {
        var details = await queries.GetInstanceAsync(id, cancellationToken) ?? throw new FlowInstanceNotFoundException(id);
        var dead = details.WorkItems.LastOrDefault(w => w.Status == FlowWorkItemStatus.Dead)
            ?? throw new FlowConflictException($"Flow instance '{id}' has no dead-lettered step.");
        await engine.RetryDeadLetterAsync(dead.Id, cancellationToken);
    }
}

/// <summary>The statuses of a row in <c>flow_work_items</c>.</summary>
public static class FlowWorkItemStatus
{
    public const string Waiting = "waiting";
    public const string Active = "active";
    public const string Done = "done";

    /// <summary>Failed for good (no attempts left, or a non-retryable error): a dead letter an operator may retry.</summary>
    public const string Dead = "dead";
}
