using System.Text.Json.Nodes;

namespace Finance.Workflows.Activities;

/// <summary>
/// A unit of work a flow's <c>activity</c> step names. Both engines run activities through the same catalog.
/// Activities must be idempotent under <see cref="ActivityContext.IdempotencyKey"/>: an engine may run one again
/// after a retry or a lost lease, and the key stays the same across both.
/// </summary>
public interface IFlowActivity
{
    /// <summary>The name steps use, e.g. <c>email.send</c>.</summary>
    string Name { get; }

    /// <summary>The queue it runs on unless the step names one (DESIGN.md §3 queues).</summary>
    string Queue { get; }

    /// <summary>
    /// What the designer and the validator know of it (<see cref="ActivityDescriptor"/>). Every activity of ours declares
    /// one; the default (any input) is for test doubles.
    /// </summary>
    ActivityDescriptor Descriptor => ActivityDescriptor.Undescribed(Name, Queue);

    Task<JsonNode?> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken);
}

/// <summary>What an activity run knows: <see cref="IdempotencyKey"/> is <c>{instanceId}:{stepPath}</c>, identical across retries and lease losses.</summary>
public sealed record ActivityContext(
    string InstanceId,
    string FlowId,
    string StepPath,
    string IdempotencyKey,
    int Attempt,
    JsonObject Input,
    string? Company);

/// <summary>An activity failure that retrying cannot fix (bad input, a business rule): the engine skips the remaining attempts.</summary>
public sealed class NonRetryableActivityException(string message, Exception? inner = null) : Exception(message, inner);
