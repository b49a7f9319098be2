using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Finance.Core.Integrations.Revolut;

/// <summary>Remembers delivered webhook messages for a while, so a captured message sent again is refused.</summary>
public interface IReplayGuard
{
    /// <summary>True the first time <paramref name="id"/> is seen within <paramref name="remember"/>; false for a repeat.</summary>
    ValueTask<bool> FirstSeenAsync(string id, TimeSpan remember, CancellationToken ct);
}

/// <summary>In this process only: right for one host; expired entries are dropped as new ones arrive.</summary>
public sealed class InMemoryReplayGuard(TimeProvider time) : IReplayGuard
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    public ValueTask<bool> FirstSeenAsync(string id, TimeSpan remember, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var (key, until) in _seen)
        {
            if (until <= now) _seen.TryRemove(key, out _);
        }
        return ValueTask.FromResult(_seen.TryAdd(id, now + remember));
    }
}

/// <summary>
/// Shared by every host: <c>SET key 1 NX PX</c> claims the id atomically and Redis drops it after the window. Without
/// Redis this throws, so the webhook is refused and Revolut delivers it again later: refusing is safer than letting a
/// replay through.
/// </summary>
public sealed class RedisReplayGuard(IConnectionMultiplexer redis, RevolutRedisKeys keys) : IReplayGuard
{
    public async ValueTask<bool> FirstSeenAsync(string id, TimeSpan remember, CancellationToken ct) =>
        await redis.GetDatabase().StringSetAsync(keys.SeenWebhook(id), 1, remember, When.NotExists);
}
