using System.Globalization;
using Jint.Runtime;

namespace Finance.Workflows.Expressions;

/// <summary>
/// Jint's view of time for flow expressions: UTC, invariant parsing, and no "now". Flows must be
/// deterministic (DESIGN.md §3), so <c>Date.now()</c>, <c>new Date()</c> and <c>Temporal.Now</c> throw.
/// </summary>
internal sealed class NoClockTimeSystem : ITimeSystem
{
    private readonly DefaultTimeSystem _inner = new(TimeZoneInfo.Utc, CultureInfo.InvariantCulture);

    public TimeZoneInfo DefaultTimeZone => TimeZoneInfo.Utc;

    public DateTimeOffset GetUtcNow() => throw new ClockAccessException();

    public TimeSpan GetUtcOffset(long epochMilliseconds) => TimeSpan.Zero;

    public bool TryParse(string date, out long epochMilliseconds) => _inner.TryParse(date, out epochMilliseconds);
}

internal sealed class ClockAccessException()
    : InvalidOperationException("Flow expressions have no clock: pass times in through input or vars.");
