using System.Collections.Concurrent;
using System.Diagnostics;
using Finance.Tests.Infrastructure;

namespace Finance.Tests.Reliability;

/// <summary>
/// Finance.Workers processes that a test kills with SIGKILL (no shutdown: leases, connections and half-done SMTP
/// sessions stay behind) and that are started again in the background, as a crash and a supervisor would have it.
/// </summary>
internal sealed class WorkerPool : IAsyncDisposable
{
    private readonly HostProcess?[] _workers; // null while a killed worker's successor starts
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly ConcurrentQueue<string> _killedOutput = new();
    private readonly List<Task> _restarts = [];

    private WorkerPool(HostProcess[] workers, IReadOnlyDictionary<string, string> environment) => (_workers, _environment) = (workers, environment);

    public static async Task<WorkerPool> StartAsync(int count, IReadOnlyDictionary<string, string> environment) =>
        new(await Task.WhenAll(Enumerable.Range(0, count).Select(_ => HostProcess.StartAsync("Finance.Workers", environment))), environment);

    /// <summary>The workers running now, by index, with their process ids.</summary>
    public IReadOnlyList<(int Index, int Pid)> Running() =>
        [.. _workers.Select((w, i) => (Index: i, Worker: w)).Where(w => w.Worker is not null).Select(w => (w.Index, w.Worker!.Pid))];

    /// <summary>kill -9 the worker at <paramref name="index"/>; a new one starts in its place without being waited for.</summary>
    public async Task KillAsync(int index)
    {
        var victim = _workers[index] ?? throw new InvalidOperationException($"Worker {index} is still starting.");
        var pid = victim.Pid;
        _workers[index] = null;
        Process.GetProcessById(pid).Kill(); // SIGKILL on Linux
        await victim.DisposeAsync();
        _killedOutput.Enqueue($"---- killed worker {pid}\n{victim.Output}");
        _restarts.Add(Task.Run(async () => _workers[index] = await HostProcess.StartAsync("Finance.Workers", _environment)));
    }

    /// <summary>Waits until every killed worker has a running successor.</summary>
    public Task RestartedAsync() => Task.WhenAll(_restarts);

    /// <summary>Every worker's output, the killed ones' first: for the message of a failed wait.</summary>
    public string Output() =>
        string.Join('\n', _killedOutput.Concat(_workers.OfType<HostProcess>().Select(w => $"---- worker {w.Pid}\n{w.Output}")));

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_restarts).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var worker in _workers.OfType<HostProcess>())
        {
            await worker.DisposeAsync();
        }
    }
}
