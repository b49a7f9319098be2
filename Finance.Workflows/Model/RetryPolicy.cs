namespace Finance.Workflows.Model;

/// <summary>
/// Activity retry policy with Temporal's semantics and defaults (initial interval 1 s, coefficient 2,
/// maximum interval 100 × initial, <c>MaxAttempts</c> 0 = unlimited). The engine owns retries: it
/// reschedules a failed attempt after <see cref="NextDelay"/> and reports only the final failure to the flow.
/// </summary>
public sealed record RetryPolicy(
    int MaxAttempts = 0,
    TimeSpan? InitialInterval = null,
    double BackoffCoefficient = 2.0,
    TimeSpan? MaximumInterval = null)
{
    /// <summary>
    /// Used when a step names no policy. Finite, unlike Temporal's default, because our embedded engine
    /// dead-letters and alerts after the last attempt (DESIGN.md §3): five attempts over about 15 s.
    /// </summary>
    public static RetryPolicy Default { get; } = new(MaxAttempts: 5);

    public TimeSpan EffectiveInitialInterval => InitialInterval ?? TimeSpan.FromSeconds(1);

    public TimeSpan EffectiveMaximumInterval => MaximumInterval ?? EffectiveInitialInterval * 100;

    /// <summary>True when another attempt may follow attempt number <paramref name="attempt"/> (1-based).</summary>
    public bool AllowsRetryAfter(int attempt) => MaxAttempts == 0 || attempt < MaxAttempts;

    /// <summary>
    /// Delay before the attempt that follows failed attempt <paramref name="attempt"/> (1-based):
    /// initial × coefficient^(attempt−1), capped at the maximum interval.
    /// </summary>
    public TimeSpan NextDelay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var initial = EffectiveInitialInterval.TotalMilliseconds;
        var max = EffectiveMaximumInterval.TotalMilliseconds;
        // Math.Pow overflows to +Infinity for large attempts; Math.Min then caps it, so no exception.
        var ms = Math.Min(initial * Math.Pow(BackoffCoefficient, attempt - 1), max);
        return TimeSpan.FromMilliseconds(ms);
    }
}
