using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Finance.AppHost.Resources;

/// <summary>The on-disk cluster: made once with initdb, and freed from a postmaster that an earlier, killed run left behind.</summary>
internal static partial class PostgresCluster
{
    public static async Task EnsureInitialisedAsync(string dataDirectory, string? runAsUser, ILogger logger, CancellationToken ct)
    {
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            LogReusingCluster(logger, dataDirectory);
            await StopStalePostmasterAsync(dataDirectory, logger);
            return;
        }

        Directory.CreateDirectory(dataDirectory);
        var initdb = Path.Combine(PostgresExecutableResource.BinDirectory, "initdb");
        string[] initdbArgs = ["-D", dataDirectory, "--username=postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"];
        if (runAsUser is not null)
        {
            // The parents must be traversable by the postgres user; the cluster directory must be its own.
            for (var parent = Path.GetDirectoryName(dataDirectory); parent is not null and not "/"; parent = Path.GetDirectoryName(parent))
            {
                File.SetUnixFileMode(parent, File.GetUnixFileMode(parent) | UnixFileMode.OtherExecute);
            }
            await RunAsync("chown", [$"{runAsUser}:{runAsUser}", dataDirectory], logger, ct);
            await RunAsync("setpriv", [$"--reuid={runAsUser}", $"--regid={runAsUser}", "--init-groups", initdb, .. initdbArgs], logger, ct);
        }
        else
        {
            await RunAsync(initdb, initdbArgs, logger, ct);
        }
        LogMadeCluster(logger, dataDirectory);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reusing the cluster in {Directory}")]
    private static partial void LogReusingCluster(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Made a new cluster in {Directory}")]
    private static partial void LogMadeCluster(ILogger logger, string directory);

    private static async Task RunAsync(string fileName, string[] arguments, ILogger logger, CancellationToken ct)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} exited with code {process.ExitCode}: {await errors}{await output}");
        }
    }

    /// <summary>postmaster.pid's first line is the postmaster's pid; if that process still runs a postgres, it holds our cluster.</summary>
    private static async Task StopStalePostmasterAsync(string dataDirectory, ILogger logger)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid))
        {
            return;
        }
        var commandLine = $"/proc/{pid}/cmdline";
        if (!File.Exists(commandLine) || !(await File.ReadAllTextAsync(commandLine)).Contains("postgres", StringComparison.Ordinal))
        {
            return;
        }

        logger.LogWarning("A postmaster (pid {Pid}) from an earlier run still holds the cluster: stopping it (fast shutdown)", pid);
        using (var kill = Process.Start("kill", ["-INT", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        for (var waited = 0; waited < 150 && Directory.Exists($"/proc/{pid}"); waited++)
        {
            await Task.Delay(100);
        }
    }
}
