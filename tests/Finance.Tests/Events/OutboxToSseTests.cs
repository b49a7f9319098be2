using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Finance.Api.Auth;
using Finance.Core.Events;
using Finance.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Finance.Tests.Events;

/// <summary>A Redis server of its own: these tests stop and restart it.</summary>
public sealed class OutboxFixture : DatabaseFixture
{
    public RedisServer Redis { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Redis = await RedisServer.StartNewAsync();
        RedisConnectionString = Redis.ConnectionString;
    }

    public override async Task DisposeAsync()
    {
        await Redis.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>
/// End to end through real processes: the API and the workers run as the AppHost runs them. (The in-memory
/// TestServer does not pass a streamed response on before it is flushed, so SSE is tested over Kestrel.)
/// </summary>
public sealed class OutboxToSseTests(OutboxFixture fixture) : IClassFixture<OutboxFixture>, IAsyncLifetime
{
    private readonly AuthOptions _auth = new() { SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)) };
    private HostProcess _api = null!;
    private HostProcess _workers = null!;

    public async Task InitializeAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__finance"] = fixture.ConnectionString,
            ["ConnectionStrings__redis"] = fixture.RedisConnectionString,
            ["Redis__KeyPrefix"] = fixture.RedisKeyPrefix,
            ["Auth__SigningKey"] = _auth.SigningKey!,
            ["OutboxRelay__PollInterval"] = "00:00:00.050",
            ["OutboxRelay__MaxRetryInterval"] = "00:00:00.500",
        };
        var started = await Task.WhenAll(HostProcess.StartAsync("Finance.Api", environment), HostProcess.StartAsync("Finance.Workers", environment));
        (_api, _workers) = (started[0], started[1]);
    }

    private HttpClient EventsClient(string companies)
    {
        var token = DevTokens.Create(_auth, "sse-test", [Roles.Viewer], [companies], DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        var client = new HttpClient { BaseAddress = new Uri(_api.Url), Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task Outbox_RelayedThroughRedis_ArrivesAsServerSentEventsInOrderAcrossARedisRestart()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var client = EventsClient("*");
        using var response = await client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync(cancel.Token);
        var events = SseParser.Create(body).EnumerateAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);

        var firstIds = await WriteEventsAsync(3, "HYPERVISUAL");
        var first = await ReadAsync(events, 3);

        fixture.Redis.Stop();
        var laterIds = await WriteEventsAsync(5, "LEXAIA");
        await Task.Delay(TimeSpan.FromSeconds(1), cancel.Token); // the relay tries, fails and backs off meanwhile
        var waiting = await UnrelayedAsync();
        await fixture.Redis.StartAsync();
        var later = await ReadAsync(events, 5);

        Assert.Equal(firstIds, first.Select(e => e.Id));
        Assert.Equal(laterIds, waiting);
        Assert.Equal(laterIds, later.Select(e => e.Id));
        Assert.All(later, e => Assert.Equal("LEXAIA", e.Company));
        // The relay marks a batch relayed after its XADDs, so a reader can see the events just before the mark commits.
        Assert.Empty(await UnrelayedEventuallyAsync(cancel.Token));
    }

    [Fact]
    public async Task Events_CallerLimitedToOneCompany_SeesOnlyThatCompanysEvents()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var client = EventsClient("TAKEOUT");
        using var response = await client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        await using var body = await response.Content.ReadAsStreamAsync(cancel.Token);
        var events = SseParser.Create(body).EnumerateAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);

        await WriteEventsAsync(2, "DAINAMICS");
        var mine = await WriteEventsAsync(2, "TAKEOUT");

        var seen = await ReadAsync(events, 2);
        Assert.Equal(mine, seen.Select(e => e.Id));
    }

    private async Task<long[]> WriteEventsAsync(int count, string company)
    {
        var writer = new OutboxWriter(new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero)));
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = await writer.AppendAsync(transaction, "test.happened", company, new { n = i }, CancellationToken.None);
        }
        await transaction.CommitAsync();
        return ids;
    }

    private async Task<long[]> UnrelayedAsync()
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<long>("SELECT id FROM outbox WHERE relayed_at IS NULL ORDER BY id")];
    }

    private async Task<long[]> UnrelayedEventuallyAsync(CancellationToken cancellationToken)
    {
        long[] unrelayed;
        while ((unrelayed = await UnrelayedAsync()).Length > 0 && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(50, CancellationToken.None);
        }
        return unrelayed;
    }

    private static async Task<List<FinanceEvent>> ReadAsync(IAsyncEnumerator<SseItem<string>> events, int count)
    {
        var read = new List<FinanceEvent>();
        while (read.Count < count && await events.MoveNextAsync())
        {
            Assert.Equal("test.happened", events.Current.EventType);
            Assert.NotNull(events.Current.EventId);
            read.Add(JsonSerializer.Deserialize<FinanceEvent>(events.Current.Data, JsonSerializerOptions.Web)!);
        }
        return read;
    }

    public async Task DisposeAsync()
    {
        await _workers.DisposeAsync();
        await _api.DisposeAsync();
    }
}
