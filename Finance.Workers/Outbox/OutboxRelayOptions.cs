using System.ComponentModel.DataAnnotations;

namespace Finance.Workers.Outbox;

public sealed class OutboxRelayOptions
{
    public const string SectionName = "OutboxRelay";

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>How long the relay sleeps when the outbox is empty.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wait between attempts while Redis or PostgreSQL is down (backoff doubles up to it).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromSeconds(5);
}
