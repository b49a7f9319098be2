using System.Globalization;
using Finance.AppHost.Orchestration;

namespace Finance.AppHost.Resources;

/// <summary>The on-disk cluster: created once with initdb, and freed from a postmaster an earlier, killed AppHost left behind.</summary>
internal sealed class PostgresCluster(string dataDirectory, LogBuffer logs)
{
    public async Task EnsureInitialisedAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            logs.Write($"reusing the cluster in {dataDirectory}");
            await StopStalePostmasterAsync();
            return;
        }

        var user = PostgresServerResource.RunAsUser;
        Directory.CreateDirectory(dataDirectory);
        if (user is not null)
        {
            // The parent must be traversable by the postgres user; the cluster directory must be its own.
            var parent = Path.GetDirectoryName(dataDirectory)!;
            File.SetUnixFileMode(parent, File.GetUnixFileMode(parent) | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
            await RunOrThrowAsync(new ProcessSpec("chown", [$"{user}:{user}", dataDirectory]), cancellationToken);
        }

        logs.Write($"initdb into {dataDirectory}");
        await RunOrThrowAsync(
            new ProcessSpec(
                PostgresServerResource.Tool("initdb"),
                ["-D", dataDirectory, "--username=postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"])
            {
                UserName = user,
                WorkingDirectory = dataDirectory,
            },
            cancellationToken);
    }

    private async Task RunOrThrowAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        var exitCode = await ManagedProcess.RunAsync(spec, logs, cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(spec.FileName)} exited with code {exitCode} (see the lines above).");
        }
    }

    /// <summary>postmaster.pid's first line is the postmaster's pid; if that process still runs, it holds our cluster.</summary>
    private async Task StopStalePostmasterAsync()
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid))
        {
            return;
        }

        var commandLine = $"/proc/{pid}/cmdline";
        if (!File.Exists(commandLine) || !File.ReadAllText(commandLine).Contains("postgres", StringComparison.Ordinal))
        {
            return;
        }

        logs.Write($"a postmaster (pid {pid}) from an earlier run still holds the cluster: stopping it (fast)");
        await ManagedProcess.SendSignalAsync(pid.ToString(CultureInfo.InvariantCulture), "INT");
        for (var waited = 0; waited < 150 && Directory.Exists($"/proc/{pid}"); waited++)
        {
            await Task.Delay(100);
        }
    }
}
