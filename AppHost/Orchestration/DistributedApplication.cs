using System.Runtime.InteropServices;
using System.Text.Json;
using Finance.AppHost.Resources;

namespace Finance.AppHost.Orchestration;

/// <summary>Runs the resource page and the orchestrator until Ctrl+C or SIGTERM, then stops everything in reverse order.</summary>
public sealed class DistributedApplication
{
    private readonly DistributedApplicationBuilder builder;
    private readonly IReadOnlyList<Resource> resources;

    internal DistributedApplication(DistributedApplicationBuilder builder, IReadOnlyList<Resource> resources)
    {
        this.builder = builder;
        this.resources = resources;
    }

    public static DistributedApplicationBuilder CreateBuilder(string[] args) => new(args);

    public void Run() => Environment.ExitCode = RunAsync().GetAwaiter().GetResult();

    public async Task<int> RunAsync()
    {
        var context = builder.Context;
        Directory.CreateDirectory(context.DataDirectory);
        var urlsFile = Path.Combine(context.DataDirectory, "urls.json");
        File.Delete(urlsFile);
        // For scripts: `dotnet run` forwards SIGTERM but not a SIGINT sent to it alone; this pid takes both.
        var pidFile = Path.Combine(context.DataDirectory, "apphost.pid");
        await File.WriteAllTextAsync(pidFile, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var pagePort = builder.Configuration.GetValue<int?>("FINANCE_APPHOST_PORT") ?? builder.Ports.Next();
        var pageUrl = $"http://127.0.0.1:{pagePort}";
        // Shutdown is ours to order (reverse start order, see StopAllAsync); the host only relays the signal.
        builder.Web.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Web.WebHost.UseUrls(pageUrl);
        builder.Web.Logging.SetMinimumLevel(LogLevel.Warning);
        var page = builder.Web.Build();
        ResourcePage.Map(page, resources);
        await page.StartAsync();

        var stopping = page.Lifetime.ApplicationStopping;
        // The console lifetime would stop the host too; these make the stop ours (and see InterruptSignal).
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnStopSignal);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnStopSignal);
        var orchestrator = new Orchestrator(context, resources);
        var exitCode = 0;
        try
        {
            ConsoleLog.Info($"data directory {context.DataDirectory}; resource page {pageUrl}");
            await orchestrator.StartAllAsync(stopping);
            var urls = resources.Where(r => r.Url?.StartsWith("http", StringComparison.Ordinal) == true)
                .ToDictionary(r => r.Name, r => r.Url!);
            urls["apphost"] = pageUrl;
            await File.WriteAllTextAsync(urlsFile, JsonSerializer.Serialize(urls, new JsonSerializerOptions { WriteIndented = true }), CancellationToken.None);
            ConsoleLog.Info("all resources are up:");
            foreach (var (name, url) in urls)
            {
                ConsoleLog.Info($"  {name,-10} {url}");
            }

            var tokenFile = Path.Combine(context.DataDirectory, "dev-token");
            if (File.Exists(tokenFile))
            {
                ConsoleLog.Info($"admin token (valid 7 days, also in {tokenFile}):");
                ConsoleLog.Info(await File.ReadAllTextAsync(tokenFile, CancellationToken.None));
            }

            ConsoleLog.Info("press Ctrl+C to stop");
            await Task.Delay(Timeout.Infinite, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            ConsoleLog.Info("stopping");
        }
        catch (Exception ex) when (ex is ResourceFailedException or InvalidOperationException or IOException)
        {
            ConsoleLog.Info($"FAILED: {ex.Message}");
            exitCode = 1;
        }
        finally
        {
            await orchestrator.StopAllAsync();
            File.Delete(urlsFile);
            File.Delete(pidFile);
            await page.StopAsync(CancellationToken.None);
            ConsoleLog.Info(exitCode == 0 ? "stopped" : "stopped after a failure");
        }

        return exitCode;

        void OnStopSignal(PosixSignalContext signal)
        {
            signal.Cancel = true;
            page.Lifetime.StopApplication();
        }
    }
}
