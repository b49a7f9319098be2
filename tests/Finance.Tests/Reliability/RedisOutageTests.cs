using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Finance.Api.Auth;
using Finance.Tests.Events;
using Finance.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Finance.Tests.Reliability;

/// <summary>
/// Redis frozen (SIGSTOP: connections open, nothing answered, every command waits for its timeout) while the API takes a
/// steady stream of writes and the workers relay the outbox. No write may fail, and once Redis is back every event
/// written must reach the stream finance:events and an SSE subscriber of GET /api/events. The relay runs with its
/// production settings. Bench: bench/run.sh reliability-redis (30 s outage).
/// </summary>
public sealed class RedisOutageTests(OutboxFixture fixture, ITestOutputHelper output) : IClassFixture<OutboxFixture>
{
    private readonly AuthOptions _auth = new() { SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)) };

    [Fact]
    public async Task RedisFrozenUnderApiWrites_NoWriteFailsAndEveryEventArrivesOnceItIsBack()
    {
        var outage = TimeSpan.FromSeconds(BenchSettings.Int("OUTAGE_SECONDS", 5));
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__finance"] = fixture.ConnectionString,
            ["ConnectionStrings__redis"] = fixture.RedisConnectionString,
            ["Redis__KeyPrefix"] = fixture.RedisKeyPrefix,
            ["Auth__SigningKey"] = _auth.SigningKey!,
            ["Smtp__Port"] = (await TestServers.MailDev).SmtpPort.ToString(CultureInfo.InvariantCulture),
        };
        var hosts = await Task.WhenAll(HostProcess.StartAsync("Finance.Api", environment), HostProcess.StartAsync("Finance.Workers", environment));
        await using var api = hosts[0];
        await using var workers = hosts[1];
        using var writer = Client(api, Roles.Admin, TimeSpan.FromSeconds(30));
        using var subscriber = Client(api, Roles.Viewer, Timeout.InfiniteTimeSpan);
        await using var sse = await SseCollector.OpenAsync(subscriber);

        var load = new WriteLoad(writer, writers: 4);
        using var stop = new CancellationTokenSource();
        var writing = load.RunAsync(stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(2));
        fixture.Redis.Pause();
        var pausedAt = load.Clock.Elapsed;
        var probing = HealthDuringAsync(api, outage);
        await Task.Delay(outage);
        fixture.Redis.Resume();
        var resumedAt = load.Clock.Elapsed;
        var stream = new EventStreamIds(fixture.RedisConnectionString, fixture.RedisKeyPrefix + "events");
        var backlog = await OutboxIdsAsync(); // what was written before Redis returned
        var backlogRelayed = WaitAsync(async () => (await stream.MissingAsync(backlog)).Count == 0, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await writing;
        var backlogRelayedAfter = await backlogRelayed;
        var health = await probing;

        var events = await OutboxIdsAsync();
        var delivered = await WaitAsync(async () => (await stream.MissingAsync(events)).Count == 0 && events.All(sse.Ids.ContainsKey),
            TimeSpan.FromSeconds(60));
        var missingInStream = (await stream.MissingAsync(events)).Count;
        var missingInSse = events.Count(id => !sse.Ids.ContainsKey(id));
        var during = load.Writes.Where(w => w.StartedAt >= pausedAt && w.StartedAt < resumedAt).ToList();
        BenchSettings.Report(output, ("outage_s", resumedAt - pausedAt), ("writes", load.Writes.Count), ("writes_during_outage", during.Count),
            ("write_5xx", load.Writes.Count(w => w.Status >= 500)), ("write_failed", load.Writes.Count(w => w.Status is < 200 or >= 300)),
            ("p99_write_ms_during_outage", P99(during)),
            ("p99_write_ms_otherwise", P99(load.Writes.Where(w => w.StartedAt < pausedAt || w.StartedAt >= resumedAt))),
            ("max_write_ms_during_outage", during.Count == 0 ? 0 : (long)during.Max(w => w.Took.TotalMilliseconds)),
            ("health_not_ok_during_outage", health.Count(s => s != 200)), ("events", events.Count), ("missing_in_stream", missingInStream),
            ("missing_in_sse", missingInSse), ("stream_entries", await stream.CountAsync()), ("sse_events_received", sse.Received),
            ("backlog_in_stream_s_after_return", backlogRelayedAfter ?? TimeSpan.MaxValue));

        Assert.DoesNotContain(load.Writes, w => w.Status >= 500 || w.Status == 0);
        Assert.DoesNotContain(load.Writes, w => w.Status is < 200 or >= 300);
        Assert.True(during.Count > 0, "No write was made while Redis was frozen: the run proved nothing.");
        Assert.True(delivered is not null, $"{missingInStream} of {events.Count} events never reached the stream, {missingInSse} never reached the SSE subscriber:\n{workers.Output}");
        Assert.False(sse.Broken, "The API ended the SSE subscription.");
        Assert.All(health, status => Assert.Equal(200, status));
    }

    /// <summary>
    /// GET /health twice a second, probes started within <paramref name="duration"/>; their status codes (0 when one did
    /// not answer within 10 s).
    /// </summary>
    private static async Task<List<int>> HealthDuringAsync(HostProcess api, TimeSpan duration)
    {
        using var http = new HttpClient { BaseAddress = new Uri(api.Url), Timeout = TimeSpan.FromSeconds(10) };
        var statuses = new List<int>();
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < duration - TimeSpan.FromMilliseconds(500); await Task.Delay(500))
        {
            try
            {
                statuses.Add((int)(await http.GetAsync("/health")).StatusCode);
            }
            catch (TaskCanceledException)
            {
                statuses.Add(0);
            }
        }
        return statuses;
    }

    private static long P99(IEnumerable<WriteLoad.Write> writes) =>
        writes.Select(w => (long)w.Took.TotalMilliseconds).Order().ToList() is { Count: > 0 } ms ? ms[(int)(ms.Count * 0.99)] : 0;

    private async Task<List<long>> OutboxIdsAsync()
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        return [.. await Dapper.SqlMapper.QueryAsync<long>(connection, "SELECT id FROM outbox")];
    }

    private HttpClient Client(HostProcess api, string role, TimeSpan timeout)
    {
        var client = new HttpClient { BaseAddress = new Uri(api.Url), Timeout = timeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            DevTokens.Create(_auth, $"reliability-{role}", [role], [CompanyAccess.AllCompanies], DateTimeOffset.UtcNow, TimeSpan.FromHours(1)));
        return client;
    }

    /// <summary>How long it took until <paramref name="done"/> held (polled every 100 ms); null if it never did within <paramref name="timeout"/>.</summary>
    private static async Task<TimeSpan?> WaitAsync(Func<Task<bool>> done, TimeSpan timeout)
    {
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < timeout; await Task.Delay(100))
        {
            if (await done())
            {
                return clock.Elapsed;
            }
        }
        return null;
    }
}

/// <summary>The outbox ids in a Redis events stream, read with XRANGE (an entry's <c>id</c> field is its outbox row id).</summary>
internal sealed class EventStreamIds(string connectionString, string key)
{
    public async Task<List<long>> MissingAsync(IEnumerable<long> ids)
    {
        var seen = (await ReadAsync()).ToHashSet();
        return [.. ids.Where(id => !seen.Contains(id))];
    }

    public async Task<int> CountAsync() => (await ReadAsync()).Count;

    private async Task<List<long>> ReadAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString);
        var db = redis.GetDatabase();
        var ids = new List<long>();
        for (RedisValue after = "-"; ;)
        {
            var page = await db.StreamRangeAsync(key, after, "+", count: 1000);
            ids.AddRange(page.Select(e => long.Parse((string)e["id"]!, CultureInfo.InvariantCulture)));
            if (page.Length < 1000)
            {
                return ids;
            }
            after = "(" + page[^1].Id;
        }
    }
}
