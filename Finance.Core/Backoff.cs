namespace Finance.Core;

/// <summary>The wait before the next attempt of a loop that must outlive a lost database or Redis: each failure doubles it.</summary>
public static class Backoff
{
    /// <summary>
    /// Twice <paramref name="previous"/>, at least <paramref name="min"/> and at most <paramref name="max"/> (the cap wins
    /// should <paramref name="min"/> be above it). From <see cref="TimeSpan.Zero"/> the first wait is <paramref name="min"/>.
    /// </summary>
    public static TimeSpan Next(TimeSpan previous, TimeSpan min, TimeSpan max)
    {
        var doubled = previous.Ticks > long.MaxValue / 2 ? long.MaxValue : previous.Ticks * 2;
        return TimeSpan.FromTicks(Math.Min(Math.Max(doubled, min.Ticks), max.Ticks));
    }
}
