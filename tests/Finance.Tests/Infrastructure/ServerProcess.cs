using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Finance.Tests.Infrastructure;

/// <summary>Process helpers shared by the throwaway servers the fixtures start and the command-line tools tests run.</summary>
internal static class ServerProcess
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Runs a command to completion and throws with its output when it fails.</summary>
    public static string Run(string file, params string[] args)
    {
        using var process = Process.Start(Info(file, args)) ?? throw new InvalidOperationException($"Could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in 60 s");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {stderr.Result}{stdout.Result}");
        }
        return stdout.Result;
    }

    public static Process Start(string file, params string[] args) =>
        Process.Start(Info(file, args)) ?? throw new InvalidOperationException($"Could not start {file}");

    private static ProcessStartInfo Info(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        return info;
    }

    /// <summary>
    /// Starts a detached shell that runs <paramref name="cleanup"/> once this test process is gone, so a test
    /// run killed with SIGKILL still leaves no server behind.
    /// </summary>
    public static void CleanUpAfterExit(string cleanup)
    {
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {cleanup}";
        var info = new ProcessStartInfo("setsid", ["bash", "-c", script])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        Process.Start(info);
    }

    /// <summary>
    /// Polls <paramref name="ready"/> until it is true; a database error (e.g. a restarting server) counts as "not yet".
    /// A timeout names <paramref name="what"/> was awaited and adds <paramref name="describe"/>'s text, e.g. a process's output.
    /// </summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> ready, TimeSpan timeout, string what, Func<string>? describe = null)
    {
        var deadline = Stopwatch.StartNew();
        NpgsqlException? lastError = null;
        while (deadline.Elapsed < timeout)
        {
            try
            {
                if (await ready())
                {
                    return;
                }
            }
            catch (NpgsqlException e)
            {
                lastError = e;
            }
            await Task.Delay(50);
        }
        var error = lastError is null ? "" : $" (last database error: {lastError.Message})";
        throw new TimeoutException($"Gave up waiting for {what} after {timeout.TotalSeconds} s{error}" + (describe is null ? "" : $":\n{describe()}"));
    }
}
