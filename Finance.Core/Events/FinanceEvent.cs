using System.Text.Json;

namespace Finance.Core.Events;

/// <summary>
/// An event as it travels through the outbox and the Redis Stream <c>finance:events</c> (DESIGN.md §4).
/// <see cref="Id"/> is the outbox row id: delivery is at least once, so consumers deduplicate on it.
/// </summary>
public sealed record FinanceEvent(long Id, string Type, string? Company, DateTimeOffset OccurredAt, JsonElement Payload)
{
    /// <summary>The Redis Stream entry id, set once the event has been read back from the stream.</summary>
    public string? StreamId { get; init; }
}
