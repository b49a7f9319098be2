using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using Finance.Tests.Infrastructure;

namespace Finance.Tests.AppHost;

/// <summary>
/// Starts the whole AppHost as a real process, waits for every resource and checks each health endpoint
/// (aspire-samples AppHostTests.cs; STYLE.md 20), then stops it with SIGINT and starts it again on the same data.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class AppHostSmokeTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);
    private static readonly string[] ExpectedResources = ["postgres", "finance", "redis", "maildev", "migrations", "api", "workers"];

    private readonly string dataDirectory = Directory.CreateTempSubdirectory("finance-apphost-").FullName;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public AppHostSmokeTests()
    {
        // The AppHost runs PostgreSQL as the postgres user, which must reach into this directory.
        File.SetUnixFileMode(dataDirectory, (UnixFileMode)0b111_101_101);
    }

    [Fact]
    public async Task Run_StartedTwiceOnOneDataDirectory_AllHealthyNoOrphansAndDataKept()
    {
        await RunOnceAsync(postgresPort =>
            Psql(postgresPort, "CREATE TABLE smoke_marker (note text); INSERT INTO smoke_marker VALUES ('written by the first run');"));

        await RunOnceAsync(postgresPort =>
            Assert.Equal("written by the first run", Psql(postgresPort, "SELECT note FROM smoke_marker;").Trim()));
    }

    public void Dispose()
    {
        http.Dispose();
        Directory.Delete(dataDirectory, recursive: true);
    }

    /// <summary>Starts the AppHost, checks every resource, runs <paramref name="check"/>, interrupts it, checks nothing is left.</summary>
    private async Task RunOnceAsync(Action<int> check)
    {
        using var appHost = AppHostProcess.Start(dataDirectory);
        var urls = await appHost.WaitForUrlsAsync(StartTimeout);
        var resources = await http.GetFromJsonAsync<List<ResourceView>>(urls["apphost"] + "/api/resources");

        Assert.NotNull(resources);
        Assert.Equal(ExpectedResources.Order(), resources.Select(r => r.Name).Order());
        Assert.All(resources, r => Assert.True(
            r.State == "Healthy" || (r.Name == "migrations" && r.State == "Exited" && r.ExitCode == 0),
            $"{r.Name} is {r.State} (exit code {r.ExitCode})\n{appHost.Output}"));
        Assert.Equal(appHost.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), await File.ReadAllTextAsync(Path.Combine(dataDirectory, "apphost.pid")));
        await AssertOkAsync(urls["api"] + "/health");
        await AssertOkAsync(urls["workers"] + "/health");
        await AssertOkAsync(urls["apphost"] + "/health");
        await AssertOkAsync(urls["apphost"] + "/");
        // maildev 3 serves its inbox page to browsers, that is to requests accepting text/html.
        await AssertOkAsync(urls["maildev"] + "/", "text/html");

        var postgresPort = new Uri(resources.Single(r => r.Name == "postgres").Url!).Port;
        check(postgresPort);

        var pids = resources.Where(r => r.Pid is not null).Select(r => r.Pid!.Value).Append(appHost.Id).ToArray();
        Assert.Equal(0, await appHost.InterruptAsync(StopTimeout));
        Assert.DoesNotContain(pids, ProcessTable.IsAlive);
        Assert.Empty(ProcessTable.WithEnvironment("FINANCE_DATA_DIR=" + dataDirectory));
        Assert.False(File.Exists(Path.Combine(dataDirectory, "urls.json")), "urls.json must go with the AppHost.");
        Assert.False(File.Exists(Path.Combine(dataDirectory, "apphost.pid")), "apphost.pid must go with the AppHost.");
    }

    private async Task AssertOkAsync(string url, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        using var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}");
    }

    /// <summary>Runs <paramref name="sql"/> in the AppHost's database and returns psql's unaligned output; throws if psql fails.</summary>
    private static string Psql(int port, string sql) => ServerProcess.Run("/usr/lib/postgresql/15/bin/psql",
        "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-d", "finance",
        "-v", "ON_ERROR_STOP=1", "-tAc", sql);

    private sealed record ResourceView(string Name, string State, string Health, string? Url, int? Pid, int? ExitCode);
}
