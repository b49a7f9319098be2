using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Finance.Tests.Infrastructure;

namespace Finance.Tests.AppHost;

/// <summary>The AppHost as a real process (<c>dotnet AppHost.dll</c>) with its own data directory.</summary>
internal sealed class AppHostProcess : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();
    private readonly string dataDirectory;

    private AppHostProcess(string dataDirectory)
    {
        this.dataDirectory = dataDirectory;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repo.Root,
        };
        info.ArgumentList.Add(Repo.HostDll("AppHost"));
        info.Environment["FINANCE_DATA_DIR"] = dataDirectory;
        info.Environment["NO_COLOR"] = "1";
        info.Environment.Remove("FINANCE_API_PORT");
        info.Environment.Remove("FINANCE_APPHOST_PORT");
        process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;

    public static AppHostProcess Start(string dataDirectory) => new(dataDirectory);

    public async Task<Dictionary<string, string>> WaitForUrlsAsync(TimeSpan timeout)
    {
        var file = Path.Combine(dataDirectory, "urls.json");
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, $"The AppHost exited with code {ExitCodeOrNull()} before writing urls.json.\n{Output}");
            if (File.Exists(file))
            {
                try
                {
                    return JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(file))!;
                }
                catch (Exception ex) when (ex is JsonException or IOException)
                {
                    // Caught mid-write; read it again.
                }
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"No urls.json within {timeout.TotalSeconds:0} s.\n{Output}");
    }

    /// <summary>Sends SIGINT, as Ctrl+C does, and returns the exit code.</summary>
    public async Task<int> InterruptAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-s", "INT", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        // HasExited, not WaitForExitAsync: the latter also waits for an orphan that still holds the output pipe.
        var deadline = DateTime.UtcNow + timeout;
        while (!process.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(process.HasExited, $"The AppHost did not exit within {timeout.TotalSeconds:0} s of SIGINT.\n{Output}");
        return process.ExitCode;
    }

    public string Output => string.Join('\n', output.TakeLast(150));

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private int? ExitCodeOrNull() => process.HasExited ? process.ExitCode : null;

    private void Keep(string? line)
    {
        if (line is not null)
        {
            output.Enqueue(line);
        }
    }
}
