namespace Finance.Core.Integrations.Revolut;

/// <summary>Fixed-window counting in this process only: right for one host, and the fallback when Redis is unreachable.</summary>
public sealed class InProcessRateGate(RateLimit limit, TimeProvider time) : IRateGate
{
    private readonly Dictionary<string, (long Window, int Count)> _counts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();

    public ValueTask<TimeSpan> TryTakeAsync(string key, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var window = limit.WindowIndex(now);
        lock (_lock)
        {
            var count = _counts.TryGetValue(key, out var c) && c.Window == window ? c.Count : 0;
            if (count >= limit.Limit) return ValueTask.FromResult(limit.UntilNextWindow(now));
            _counts[key] = (window, count + 1);
            return ValueTask.FromResult(TimeSpan.Zero);
        }
    }
}
