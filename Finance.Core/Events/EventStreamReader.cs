using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Finance.Core.Events;

/// <summary>
/// Follows the events stream. StackExchange.Redis multiplexes one connection and so cannot block on XREAD;
/// the reader polls with XRANGE instead, and rides out Redis outages by retrying.
/// </summary>
public sealed class EventStreamReader(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider timeProvider, ILogger<EventStreamReader> logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    /// <summary>The id of the newest entry, so a new subscriber starts with what happens next.</summary>
    public async Task<string> LatestIdAsync()
    {
        try
        {
            var last = await redis.GetDatabase().StreamRangeAsync(keys.Events, "-", "+", count: 1, messageOrder: Order.Descending);
            return last.Length == 0 ? "0-0" : last[0].Id!;
        }
        catch (RedisException ex)
        {
            logger.LogWarning(ex, "Redis unavailable; following the events stream from its start once it is back.");
            return "0-0";
        }
    }

    /// <summary>
    /// Yields, poll by poll, the events after <paramref name="afterId"/> (exclusive) until cancelled; an empty batch
    /// means nothing new, so a caller can send keep-alives.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<FinanceEvent>> FollowAsync(string afterId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var position = afterId;
        while (!cancellationToken.IsCancellationRequested)
        {
            StreamEntry[] entries;
            try
            {
                entries = await db.StreamRangeAsync(keys.Events, "(" + position, "+", count: 100);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning(ex, "Redis unavailable while following events; retrying.");
                await Task.Delay(RetryInterval, timeProvider, cancellationToken);
                continue;
            }

            if (entries.Length > 0)
            {
                position = entries[^1].Id!;
            }
            yield return [.. entries.Select(EventStreamFields.Read)];
            if (entries.Length == 0)
            {
                await Task.Delay(PollInterval, timeProvider, cancellationToken);
            }
        }
    }
}
