using System.Text.Json.Nodes;

namespace Finance.Workflows.Engines.Temporal;

/// <summary>
/// The one input of <see cref="FlowWorkflow"/>. <see cref="DefinitionJson"/> pins the definition, so republishing never
/// changes a running instance (STYLE.md 16); a child flow starts without it and resolves its published version first.
/// </summary>
/// <remarks>
/// <c>ActivityQueues</c> maps activity names to queues (from the catalog) for steps that name no queue;
/// <c>TaskQueuePrefix</c> is prepended to queue names to form Temporal task queues. An empty <c>InstanceId</c>
/// (a scheduled start) means the workflow id.
/// </remarks>
public sealed record FlowWorkflowInput(
    string InstanceId,
    string FlowId,
    int? Version = null,
    string? DefinitionJson = null,
    JsonObject? Input = null,
    string? Company = null,
    string? CorrelationId = null,
    IReadOnlyDictionary<string, string>? ActivityQueues = null,
    string TaskQueuePrefix = TemporalOptions.DefaultTaskQueuePrefix);

/// <summary>What the dynamic activity receives; its Temporal activity type is the catalog name.</summary>
public sealed record FlowActivityInput(
    string InstanceId,
    string FlowId,
    string StepPath,
    string IdempotencyKey,
    JsonObject Input,
    string? Company);

/// <summary>A definition resolved for a child flow, with the queues of its activities.</summary>
public sealed record ResolvedFlow(string DefinitionJson, IReadOnlyDictionary<string, string> ActivityQueues);
