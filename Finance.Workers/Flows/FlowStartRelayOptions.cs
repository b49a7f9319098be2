using System.ComponentModel.DataAnnotations;

namespace Finance.Workers.Flows;

public sealed class FlowStartRelayOptions
{
    public const string SectionName = "FlowStartRelay";

    [Range(1, 1_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>How long the relay sleeps when no start is due: the most a payment waits for its flow.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between attempts while PostgreSQL is down (backoff doubles up to it).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many expired idempotency keys one pass deletes.</summary>
    [Range(1, 100_000)]
    public int PurgeBatchSize { get; set; } = 1_000;
}
