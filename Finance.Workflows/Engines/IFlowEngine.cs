using System.Text.Json.Nodes;
using Finance.Core.Errors;

namespace Finance.Workflows.Engines;

/// <summary>
/// What the API and the business code use to run flows; the embedded PostgreSQL engine and the Temporal engine both
/// implement it (<c>Workflows:Engine</c> = <c>Embedded</c> | <c>Temporal</c>), so callers never know which runs.
/// </summary>
public interface IFlowEngine
{
    /// <summary>Starts the published version of <see cref="StartFlowRequest.FlowId"/> (or the pinned version).</summary>
    /// <exception cref="FlowNotFoundException">No such flow, or no published version.</exception>
    Task<FlowInstanceRef> StartAsync(StartFlowRequest request, CancellationToken cancellationToken);

    /// <summary>Delivers a signal to a running instance.</summary>
    /// <exception cref="FlowInstanceNotFoundException">Unknown instance.</exception>
    /// <exception cref="FlowInstanceFinishedException">The instance has completed, failed or been cancelled.</exception>
    Task SignalAsync(string instanceId, string signal, JsonNode? payload, CancellationToken cancellationToken);

    /// <summary>Requests cancellation; the instance (and its running children) ends as cancelled.</summary>
    /// <exception cref="FlowInstanceNotFoundException">Unknown instance.</exception>
    /// <exception cref="FlowInstanceFinishedException">The instance has completed, failed or been cancelled already.</exception>
    Task CancelAsync(string instanceId, string reason, CancellationToken cancellationToken);
}

/// <param name="FlowId">The definition id, e.g. <c>invoice.dunning</c>.</param>
/// <param name="Input">The flow input (variables named in the definition's <c>input</c>).</param>
/// <param name="Company">The company code the instance belongs to, for filtering and access checks.</param>
/// <param name="CorrelationId">A business key to find the instance by, e.g. an invoice id.</param>
/// <param name="Version">Pins a version; null starts the published one.</param>
/// <param name="InstanceId">Caller-chosen id, making the start idempotent; null generates one.</param>
public sealed record StartFlowRequest(
    string FlowId,
    JsonObject? Input = null,
    string? Company = null,
    string? CorrelationId = null,
    int? Version = null,
    string? InstanceId = null);

public sealed record FlowInstanceRef(string InstanceId, string FlowId, int Version);

public sealed class FlowNotFoundException(string message) : NotFoundException(message, "flow.not_found");

public sealed class FlowInstanceNotFoundException(string instanceId) : NotFoundException($"No flow instance '{instanceId}'.", "flow.instance_not_found")
{
    public string InstanceId { get; } = instanceId;
}

public sealed class FlowInstanceFinishedException(string instanceId, string status)
    : ConflictException($"Flow instance '{instanceId}' is already {status}.", "flow.instance_finished")
{
    public string InstanceId { get; } = instanceId;
}

/// <summary>A request the flows' current state does not allow (retire a draft, retry a step that is not dead, reuse an instance id): a 409.</summary>
public sealed class FlowConflictException(string message) : ConflictException(message, "flow.conflict");
