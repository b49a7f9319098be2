using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Finance.Api.Auth;
using Finance.Tests.Infrastructure;
using Finance.Tests.Invoicing;
using Xunit.Abstractions;

namespace Finance.Tests.Reliability;

/// <summary>
/// The API as a real process behind Kestrel (the test host shows neither socket timing nor Kestrel's own headers). The
/// class's database admits only <see cref="ConnectionBudget"/> connections and the API's pool is sized below it, as the
/// hosts' pools are sized below PostgreSQL's max_connections: a burst of 200 requests must queue for the pool, not fail
/// with 53300 "too many clients". (A small budget makes the burst exceed it for certain on two cores.)
/// </summary>
public sealed class ApiOverKestrelTests(DatabaseFixture db, ITestOutputHelper output) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const int ConnectionBudget = 12;
    private const int PoolSize = 10;
    private readonly AuthOptions _auth = new() { SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)) };
    private HostProcess _api = null!;

    public async Task InitializeAsync()
    {
        // A login of its own: connection limits do not bind superusers, which the fixture's connection string uses.
        var role = $"api_{Guid.NewGuid():N}";
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync($"""
                CREATE ROLE {role} LOGIN CONNECTION LIMIT {ConnectionBudget};
                GRANT ALL ON SCHEMA public TO {role};
                GRANT ALL ON ALL TABLES IN SCHEMA public TO {role};
                GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {role};
                """);
        }
        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(db.ConnectionString) { Username = role }.ConnectionString;
        _api = await HostProcess.StartAsync("Finance.Api", new Dictionary<string, string>
        {
            ["ConnectionStrings__finance"] = connectionString,
            ["ConnectionStrings__redis"] = db.RedisConnectionString,
            ["Redis__KeyPrefix"] = db.RedisKeyPrefix,
            ["Auth__SigningKey"] = _auth.SigningKey!,
            ["Database__MaxPoolSize"] = BenchSettings.Text("POOL_SIZE", PoolSize.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        });
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private HttpClient Client(string role = Roles.Admin, string companies = "*")
    {
        var client = new HttpClient { BaseAddress = new Uri(_api.Url), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, companies));
        return client;
    }

    private string Token(string role, string companies) =>
        DevTokens.Create(_auth, "kestrel-test", [role], [companies], DateTimeOffset.UtcNow, TimeSpan.FromHours(1));

    /// <summary>Before, status and headers left with the first keep-alive, 15 s after subscribing.</summary>
    [Fact]
    public async Task Events_Subscribe_StatusHeadersAndRetryArriveBeforeTheFirstKeepAlive()
    {
        var uri = new Uri(_api.Url);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        await using var stream = tcp.GetStream();
        var request = $"GET /api/events HTTP/1.1\r\nHost: {uri.Authority}\r\nAuthorization: Bearer {Token(Roles.Viewer, "*")}\r\nAccept: text/event-stream\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));

        // Well under the 15 s keep-alive interval: what arrives by then was sent when the subscription began.
        using var beforeKeepAlive = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("retry:", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, beforeKeepAlive.Token);
            if (read == 0) break;
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var text = received.ToString();
        Assert.StartsWith("HTTP/1.1 200", text, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/event-stream", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("retry: 3000", text, StringComparison.Ordinal);
        Assert.DoesNotContain("keep-alive\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_OfEveryKind_CarrySecurityHeadersAndNoServerHeader()
    {
        using var client = Client();
        var invoice = await new InvoicingClient(client).IssuedInvoiceAsync();

        using var health = await client.GetAsync("/health");
        using var json = await client.GetAsync($"/api/invoices/{invoice.Id}");
        using var pdf = await client.GetAsync($"/api/invoices/{invoice.Id}/pdf");
        using var problem = await client.GetAsync($"/api/invoices/{Guid.NewGuid()}");
        using var scalar = await client.GetAsync("/scalar/");

        foreach (var response in new[] { health, json, pdf, problem, scalar })
        {
            var what = response.RequestMessage!.RequestUri!.AbsolutePath;
            Assert.False(response.Headers.Contains("Server"), $"{what} names its server");
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }
        foreach (var response in new[] { json, pdf, problem })
        {
            Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage!.RequestUri} may be cached");
        }
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
        var policy = Assert.Single(scalar.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
    }

    /// <summary>Before, 1–4 of 200 answered 500 (PostgreSQL 53300). The bench (<c>bench/run.sh reliability-api-load</c>) runs more rounds.</summary>
    [Fact]
    public async Task Invoices_200ConcurrentLists_AllAnswer200()
    {
        var rounds = BenchSettings.Int("LOAD_ROUNDS", 1);
        const int concurrency = 200;
        using var client = Client(Roles.Viewer, "HYPERVISUAL");
        var invoicing = new InvoicingClient(Client());
        var customer = await invoicing.CreateCustomerAsync();
        for (var i = 0; i < 20; i++) await invoicing.CreateDraftAsync("HYPERVISUAL", customer.Id);

        var statuses = new List<int>();
        var latencies = new List<double>();
        var counts = new List<int>();
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync("/api/invoices?company=HYPERVISUAL&limit=100");
                var list = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<object[]>() : null;
                return ((int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds, list?.Length ?? 0);
            }));
            statuses.AddRange(answers.Select(a => a.Item1));
            latencies.AddRange(answers.Select(a => a.Item2));
            counts.AddRange(answers.Where(a => a.Item1 == 200).Select(a => a.Item3));
        }

        latencies.Sort();
        BenchSettings.Report(output, ("requests", statuses.Count), ("concurrency", concurrency), ("status_5xx", statuses.Count(s => s >= 500)),
            ("not_200", statuses.Count(s => s != 200)), ("p50_ms", latencies[latencies.Count / 2]), ("p99_ms", latencies[(int)(latencies.Count * 0.99)]),
            ("requests_per_s", statuses.Count / clock.Elapsed.TotalSeconds), ("db_connection_limit", ConnectionBudget), ("pool", BenchSettings.Text("POOL_SIZE", "10")));
        Assert.All(statuses, s => Assert.Equal(200, s));
        Assert.All(counts, c => Assert.Equal(20, c));
    }
}
