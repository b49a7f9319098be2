using System.Collections.Concurrent;
using System.Text.Json;
using Finance.Core.Events;
using StackExchange.Redis;

namespace Finance.Api.Dashboard;

/// <summary>
/// The dashboard cached in Redis per set of companies and invalidated by events: the key carries the id of the newest
/// entry of the event stream, so the first request after any event (an invoice issued or paid, a statement imported, a
/// bill read, a sync finished…) computes afresh and every request until the next one is a single GET. Entries expire
/// after <see cref="Lifetime"/> regardless, for what changes without an event: the date, and with it what is overdue.
/// Redis down: computed every time, never an error of its own.
/// </summary>
public sealed class DashboardCache(IConnectionMultiplexer redis, RedisKeys keys, DashboardQuery query, ILogger<DashboardCache> logger)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, Task<DashboardResponse>> _computing = new(StringComparer.Ordinal);

    public async Task<(DashboardResponse Dashboard, bool Cached)> GetAsync(string? company, IReadOnlyList<string> companies, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        RedisKey? key = null;
        try
        {
            var newest = await db.StreamRangeAsync(keys.Events, "-", "+", count: 1, messageOrder: Order.Descending);
            key = keys.Dashboard(company ?? "*", string.Join(',', companies), newest.Length == 0 ? "0" : newest[0].Id.ToString());
            if (await db.StringGetAsync(key.Value) is { HasValue: true } hit)
                return (JsonSerializer.Deserialize<DashboardResponse>((string)hit!, Json)!, true);
        }
        catch (RedisException e)
        {
            LogRedisDown(logger, e);
            key = null;
        }

        if (key is not { } store) return (await query.ComputeAsync(company, companies, cancellationToken), false);
        // One computation per key in this process: after an event, the clients that come at once share it. It runs to
        // its end whoever leaves, since the others wait for it.
        var computing = _computing.GetOrAdd(store.ToString(), _ => ComputeAndStoreAsync(db, store, company, companies));
        try
        {
            return (await computing.WaitAsync(cancellationToken), false);
        }
        finally
        {
            _computing.TryRemove(new KeyValuePair<string, Task<DashboardResponse>>(store.ToString(), computing));
        }
    }

    private async Task<DashboardResponse> ComputeAndStoreAsync(IDatabase db, RedisKey key, string? company, IReadOnlyList<string> companies)
    {
        var dashboard = await query.ComputeAsync(company, companies, CancellationToken.None);
        try
        {
            await db.StringSetAsync(key, JsonSerializer.Serialize(dashboard, Json), Lifetime);
        }
        catch (RedisException e)
        {
            LogRedisDown(logger, e);
        }
        return dashboard;
    }

    private static void LogRedisDown(ILogger logger, Exception e) => Log.RedisDown(logger, e);
}

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard cache unavailable; computed without it.")]
    public static partial void RedisDown(ILogger logger, Exception exception);
}
