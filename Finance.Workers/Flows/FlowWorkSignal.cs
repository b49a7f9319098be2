using System.Collections.Concurrent;

namespace Finance.Workers.Flows;

/// <summary>
/// "There may be new work on this queue": queue loops wait on it instead of polling. Pulsed by the PostgreSQL
/// notifications the engine sends when it enqueues work (<see cref="FlowWorkListener"/>), and by this process's own timer
/// poller; the poll interval remains as a safety net.
/// </summary>
internal sealed class FlowWorkSignal
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _next = new(StringComparer.Ordinal);

    /// <summary>Completes at the next pulse of <paramref name="queue"/> (or of all queues).</summary>
    public Task Next(string queue) => _next.GetOrAdd(queue, _ => NewSource()).Task;

    public void Pulse(string queue)
    {
        if (_next.TryGetValue(queue, out var current) && _next.TryUpdate(queue, NewSource(), current))
        {
            current.TrySetResult();
        }
    }

    public void PulseAll()
    {
        foreach (var queue in _next.Keys)
        {
            Pulse(queue);
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
