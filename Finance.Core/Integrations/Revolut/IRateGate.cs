namespace Finance.Core.Integrations.Revolut;

/// <summary>A budget of <paramref name="Limit"/> calls per <paramref name="Window"/>, counted in fixed windows aligned to the epoch.</summary>
public sealed record RateLimit(int Limit, TimeSpan Window)
{
    public long WindowIndex(DateTimeOffset now) => now.UtcTicks / Window.Ticks;

    public TimeSpan UntilNextWindow(DateTimeOffset now) => TimeSpan.FromTicks(Window.Ticks - now.UtcTicks % Window.Ticks);
}

/// <summary>Admits calls to a rate-limited API, per key (a company: each has its own Revolut application and limit).</summary>
public interface IRateGate
{
    /// <summary>
    /// Takes one call from <paramref name="key"/>'s budget and returns <see cref="TimeSpan.Zero"/>, or, when the budget is
    /// spent, takes nothing and returns how long until it renews.
    /// </summary>
    ValueTask<TimeSpan> TryTakeAsync(string key, CancellationToken ct);
}

public static class RateGateExtensions
{
    /// <summary>Waits (on <paramref name="time"/>, so tests can move it) until the gate admits one call.</summary>
    public static async Task WaitAsync(this IRateGate gate, string key, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(gate);
        for (var wait = await gate.TryTakeAsync(key, ct); wait > TimeSpan.Zero; wait = await gate.TryTakeAsync(key, ct))
            await Task.Delay(wait, time, ct);
    }
}
