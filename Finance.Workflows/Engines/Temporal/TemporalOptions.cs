using System.ComponentModel.DataAnnotations;

namespace Finance.Workflows.Engines.Temporal;

/// <summary>Configuration section <c>Temporal</c>: where the server is and how queues map to task queues.</summary>
public sealed class TemporalOptions : IValidatableObject
{
    public const string SectionName = "Temporal";

    public const string DefaultTaskQueuePrefix = "finance-";

    /// <summary>host:port of the Temporal frontend.</summary>
    [Required]
    public string Address { get; set; } = "localhost:7233";

    [Required]
    public string Namespace { get; set; } = "default";

    /// <summary>Queue <c>q</c> runs on task queue <c>{prefix}{q}</c>.</summary>
    [Required]
    public string TaskQueuePrefix { get; set; } = DefaultTaskQueuePrefix;

    /// <summary>Max concurrent activities per queue (DESIGN.md §3); the <c>default</c> queue also runs the workflows.</summary>
    public Dictionary<string, int> Queues { get; set; } = FlowEngineOptions.DesignQueues(defaultQueueConcurrency: 10);

    public string TaskQueue(string queue) => TaskQueuePrefix + queue;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var parts = Address.Split(':');
        if (parts.Length != 2 || parts[0].Length == 0 || !int.TryParse(parts[1], out var port) || port is < 1 or > 65535)
        {
            yield return new ValidationResult($"Address '{Address}' must be host:port.", [nameof(Address)]);
        }

        if (!Queues.ContainsKey(FlowEngineOptions.DefaultQueue))
        {
            yield return new ValidationResult($"Queues must include '{FlowEngineOptions.DefaultQueue}': it runs the workflows.", [nameof(Queues)]);
        }

        foreach (var (queue, concurrency) in Queues)
        {
            if (concurrency < 1)
            {
                yield return new ValidationResult($"Queue '{queue}' needs a concurrency of at least 1, not {concurrency}.", [nameof(Queues)]);
            }
        }
    }
}
