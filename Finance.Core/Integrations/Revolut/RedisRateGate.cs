using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Finance.Core.Integrations.Revolut;

/// <summary>
/// Fixed-window counting in Redis, so the API and the workers share one budget per company: one counter key per window,
/// incremented and given its expiry in one script (atomic, no counter left without expiry). When Redis cannot be reached
/// the gate counts in this process instead: the system keeps working without Redis (DESIGN.md §4), each host then keeping
/// to the limit on its own.
/// </summary>
public sealed class RedisRateGate(IConnectionMultiplexer redis, RevolutRedisKeys keys, RateLimit limit, TimeProvider time, ILogger<RedisRateGate> logger)
    : IRateGate
{
    private const string IncrementScript = """
        local n = redis.call('INCR', KEYS[1])
        if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return n
        """;

    private readonly InProcessRateGate _fallback = new(limit, time);

    public async ValueTask<TimeSpan> TryTakeAsync(string key, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Two windows of expiry: a counter outlives its window even if this host's clock runs a little behind Redis's.
        var expiry = (long)(limit.Window.TotalMilliseconds * 2);
        try
        {
            var count = (long)await redis.GetDatabase().ScriptEvaluateAsync(IncrementScript, [keys.RateWindow(key, limit.WindowIndex(now))], [expiry]);
            return count <= limit.Limit ? TimeSpan.Zero : limit.UntilNextWindow(now);
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
        {
            logger.LogWarning(e, "Redis unreachable; counting Revolut calls for {Key} in this process.", key);
            return await _fallback.TryTakeAsync(key, ct);
        }
    }
}
