using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Finance.AppHost.Tests;

/// <summary>
/// The whole AppHost through Aspire.Hosting.Testing, with the dashboard on: every resource healthy, the API answering
/// with the development token, one invoice sent and traced end to end (the API request, the workers' steps, the SMTP
/// send, one trace id, read back from the dashboard's telemetry API), and nothing left running after dispose.
/// </summary>
public sealed class AppHostSmokeTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);
    private static readonly string[] LongRunning = ["postgres", "finance", "redis", "maildev", "standins", "api", "workers"];

    private readonly string dataDirectory = Directory.CreateTempSubdirectory("finance-apphost-").FullName;

    public AppHostSmokeTests()
    {
        // The AppHost runs PostgreSQL as the postgres user, which must reach into this directory.
        File.SetUnixFileMode(dataDirectory, (UnixFileMode)0b111_101_101);
    }

    [Fact]
    public async Task Run_AllHealthy_SendTracedFromApiThroughWorkersToSmtp_NothingLeftAfterDispose()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var ct = timeout.Token;
        var dashboardApiKey = Guid.NewGuid().ToString("N");
        var dashboard = $"http://127.0.0.1:{FreePort()}";
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [
                $"--FINANCE_DATA_DIR={dataDirectory}",
                $"--ASPNETCORE_URLS={dashboard}",
                $"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:{FreePort()}",
                $"--ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://127.0.0.1:{FreePort()}",
                $"--ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:{FreePort()}",
                "--ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
                $"--AppHost:DashboardApiKey={dashboardApiKey}",
            ],
            (options, _) => options.DisableDashboard = false,
            ct);

        int[] pids;
        await using (var app = await builder.BuildAsync(ct))
        {
            await app.StartAsync(ct);
            foreach (var name in LongRunning)
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(name, ct);
            }
            var migrations = await app.ResourceNotifications.WaitForResourceAsync("migrations", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), ct);
            Assert.Equal(0, migrations.Snapshot.ExitCode);

            using var api = app.CreateHttpClient("api");
            api.DefaultRequestHeaders.Authorization = new("Bearer", (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "dev-token"), ct)).Trim());
            var drafts = await api.GetFromJsonAsync<JsonArray>("/api/invoices?status=draft&limit=1", ct);
            var invoiceId = drafts!.Single()!["id"]!.GetValue<Guid>();

            // The dashboard starts beside the resources, not before them: spans exported while its OTLP endpoint is not
            // listening are dropped, so the traced request waits until its telemetry API answers.
            // Aspire.Hosting.Testing randomizes ports (the dashboard's too): its address is the one its resource publishes.
            var dashboardResource = await app.ResourceNotifications.WaitForResourceAsync("aspire-dashboard", e => e.Snapshot.Urls.Any(u => u.Name == "http"), ct);
            var dashboardUrl = new Uri(dashboardResource.Snapshot.Urls.First(u => u.Name == "http").Url).GetLeftPart(UriPartial.Authority);
            using var telemetry = new HttpClient { BaseAddress = new Uri(dashboardUrl) };
            telemetry.DefaultRequestHeaders.Add("x-api-key", dashboardApiKey);
            await PollAsync(() => AnswersAsync(telemetry, "/api/telemetry/resources", ct), up => up, ct);

            // What run.sh prints is also on disk for scripts: the URLs (the dashboard's as published) and the telemetry key.
            var urlsFile = Path.Combine(dataDirectory, "urls.json");
            await PollAsync(() => Task.FromResult(File.Exists(urlsFile)), written => written, ct);
            var urls = JsonNode.Parse(await File.ReadAllTextAsync(urlsFile, ct))!.AsObject();
            Assert.Equal(dashboardUrl, (string?)urls["dashboard"]);
            Assert.Equal(api.BaseAddress!.GetLeftPart(UriPartial.Authority), new Uri((string)urls["api"]!).GetLeftPart(UriPartial.Authority));
            Assert.NotNull(urls["maildev"]);
            Assert.Equal(dashboardApiKey, await File.ReadAllTextAsync(Path.Combine(dataDirectory, "dashboard-api-key"), ct));

            // Our own trace id on the request: ASP.NET Core continues it, so everything that follows must carry it.
            var traceId = ActivityTraceId.CreateRandom();
            using (var send = new HttpRequestMessage(HttpMethod.Post, $"/api/invoices/{invoiceId}/send"))
            {
                send.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
                using var accepted = await api.SendAsync(send, ct);
                Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            }
            var invoice = await PollAsync(() => api.GetFromJsonAsync<JsonObject>($"/api/invoices/{invoiceId}", ct), i => (string?)i?["status"] == "sent", ct);
            var number = (string)invoice!["number"]!;

            using var mail = app.CreateHttpClient("maildev", "http");
            var inbox = await mail.GetFromJsonAsync<JsonArray>("/api/email", ct);
            Assert.Contains(inbox!, m => ((string?)m!["subject"])?.Contains(number, StringComparison.Ordinal) == true);

            var spans = await PollAsync(() => SpansAsync(telemetry, traceId, ct),
                s => s.Any(x => x.Service == "workers" && x.Name == "smtp.send") && s.Any(x => x.Service == "api" && x.Name.StartsWith("POST", StringComparison.Ordinal)), ct);
            Assert.Contains(spans, s => s.Service == "api" && s.Name == "flow.start invoice.create-and-send");
            Assert.Contains(spans, s => s.Service == "workers" && s.Name.StartsWith("flow.step invoice.create-and-send", StringComparison.Ordinal));
            Assert.Contains(spans, s => s.Service == "workers" && s.Name == "smtp.send");

            // The Revolut stand-in's transfers, pulled by the demo sync the workers run on start, paid demo invoices.
            var revolut = await PollAsync(() => api.GetFromJsonAsync<JsonArray>("/api/banking/transactions?company=HYPERVISUAL&limit=500", ct),
                t => t!.Count(x => (string?)x!["source"] == "revolut" && (string?)x["status"] == "matched") >= 3, ct);
            Assert.Contains(revolut!, t => (string?)t!["source"] == "revolut" && (string?)t["status"] == "review");

            pids = [.. LongRunning.Select(name => app.ResourceNotifications.TryGetCurrentState(name, out var e) ? e.Snapshot.Properties : [])
                .SelectMany(p => p).Where(p => p.Name == "executable.pid").Select(p => Convert.ToInt32(p.Value, System.Globalization.CultureInfo.InvariantCulture))];
            Assert.True(pids.Length >= 6, $"pids of postgres, redis, maildev, stand-ins, api and workers: {string.Join(", ", pids)}");
            await app.StopAsync(ct);
        }

        Assert.DoesNotContain(pids, ProcessTable.IsAlive);
        Assert.Empty(ProcessTable.WithCommandLine(dataDirectory));
        Assert.Empty(ProcessTable.WithCommandLine($"--monitor {Environment.ProcessId}"));
    }

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);

    private sealed record Span(string Service, string Name);

    /// <summary>The trace's spans from the dashboard's telemetry API (OTLP JSON), as (service.name, span name).</summary>
    private static async Task<List<Span>> SpansAsync(HttpClient telemetry, ActivityTraceId traceId, CancellationToken ct)
    {
        using var response = await telemetry.GetAsync($"/api/telemetry/traces/{traceId}", ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
        var spans = new List<Span>();
        foreach (var resourceSpans in body?["data"]?["resourceSpans"]?.AsArray() ?? [])
        {
            var service = resourceSpans!["resource"]?["attributes"]?.AsArray()
                .FirstOrDefault(a => (string?)a!["key"] == "service.name")?["value"]?["stringValue"]?.GetValue<string>() ?? "";
            foreach (var scope in resourceSpans["scopeSpans"]?.AsArray() ?? [])
            {
                spans.AddRange((scope!["spans"]?.AsArray() ?? []).Select(s => new Span(service, (string)s!["name"]!)));
            }
        }
        return spans;
    }

    private static async Task<bool> AnswersAsync(HttpClient client, string path, CancellationToken ct)
    {
        try
        {
            using var response = await client.GetAsync(path, ct);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException)
        {
            return false;
        }
    }

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, CancellationToken ct)
    {
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            await Task.Delay(250, ct);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
