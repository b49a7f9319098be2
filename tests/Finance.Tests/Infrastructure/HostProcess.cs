using System.Collections.Concurrent;
using System.Diagnostics;

namespace Finance.Tests.Infrastructure;

/// <summary>A Finance host (e.g. Finance.Workers) run as a real separate process, as the AppHost runs it.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HostProcess(Process process, string url)
    {
        _process = process;
        Url = url;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Url { get; }

    public int Pid => _process.Id;

    public string Output => string.Join('\n', _output);

    public static async Task<HostProcess> StartAsync(string project, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var url = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Repo.HostDll(project));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["ASPNETCORE_URLS"] = url;
        info.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var host = new HostProcess(Process.Start(info)!, url);
        ServerProcess.CleanUpAfterExit($"kill -9 {host.Pid} 2>/dev/null");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await ServerProcess.WaitUntilAsync(async () =>
        {
            if (host._process.HasExited)
            {
                throw new InvalidOperationException($"{project} exited with {host._process.ExitCode}:\n{host.Output}");
            }
            try
            {
                return (await http.GetAsync(url + "/alive")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), project);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
