using System.Diagnostics;

namespace Finance.AppHost.Orchestration;

/// <summary>
/// A child process in its own session and process group (started through <c>setsid</c>), so a terminal's Ctrl+C
/// reaches only the AppHost, which then stops the children in reverse order, and a stop can reach every grandchild.
/// </summary>
public sealed class ManagedProcess
{
    private readonly Process process;
    private readonly TaskCompletionSource<int> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ManagedProcess(Process process) => this.process = process;

    public int Id => process.Id;

    /// <summary>Completes with the exit code when the process ends.</summary>
    public Task<int> Exited => exited.Task;

    public static ManagedProcess Start(ProcessSpec spec, LogBuffer logs)
    {
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? Environment.CurrentDirectory,
            UserName = spec.UserName,
        };
        info.ArgumentList.Add(spec.FileName);
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in spec.Environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var managed = new ManagedProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { logs.Write(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { logs.Write(e.Data); } };
        // Exited fires on exit even while a grandchild still holds the output pipes open (WaitForExitAsync would not).
        process.Exited += (_, _) => managed.exited.TrySetResult(process.ExitCode);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (process.HasExited)
        {
            managed.exited.TrySetResult(process.ExitCode);
        }

        return managed;
    }

    /// <summary>Runs a process to its end and returns its exit code; cancelling kills it.</summary>
    public static async Task<int> RunAsync(ProcessSpec spec, LogBuffer logs, CancellationToken cancellationToken)
    {
        var managed = Start(spec, logs);
        try
        {
            var exitCode = await managed.Exited.WaitAsync(cancellationToken);
            // The Exited event can come before the last output lines: callers of a one-shot command read its output,
            // so wait (briefly: a grandchild may keep the pipes open) for the streams to reach their end.
            try
            {
                await managed.process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            }
            catch (TimeoutException)
            {
                // Output still held open by a grandchild: what arrived is what there is.
            }
            return exitCode;
        }
        catch (OperationCanceledException)
        {
            await managed.StopAsync("TERM", TimeSpan.FromSeconds(5));
            throw;
        }
    }

    /// <summary>Asks politely with <paramref name="signal"/>, kills the whole group after <paramref name="timeout"/>.</summary>
    public async Task StopAsync(string signal, TimeSpan timeout)
    {
        if (!Exited.IsCompleted)
        {
            await SendSignalAsync(Id.ToString(System.Globalization.CultureInfo.InvariantCulture), signal);
            if (await Task.WhenAny(Exited, Task.Delay(timeout)) != Exited)
            {
                ConsoleLog.Info($"process {Id} did not stop within {timeout.TotalSeconds:0} s after SIG{signal}: killing it");
                await KillGroupAsync();
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }

                await Task.WhenAny(Exited, Task.Delay(TimeSpan.FromSeconds(5)));
            }
        }

        // Whatever the leader left in its group (a grandchild that ignored the signal) goes too.
        await KillGroupAsync();
    }

    private Task KillGroupAsync() => SendSignalAsync("-" + Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "KILL");

    /// <summary>Sends <paramref name="signal"/> (e.g. <c>INT</c>) to a pid, or to a process group as <c>-pgid</c>.</summary>
    internal static async Task SendSignalAsync(string target, string signal)
    {
        // .NET has no kill(2) with a chosen signal or a process group; procps' kill does both.
        var info = new ProcessStartInfo("kill") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-s", signal, "--", target })
        {
            info.ArgumentList.Add(argument);
        }

        using var kill = Process.Start(info)!;
        await kill.WaitForExitAsync();
    }
}
