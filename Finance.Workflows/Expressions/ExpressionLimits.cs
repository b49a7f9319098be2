namespace Finance.Workflows.Expressions;

/// <summary>
/// Limits for one expression evaluation. The statement limit is the one that makes a runaway
/// expression fail the same way on every replay; the time limit is only a backstop.
/// </summary>
public sealed record ExpressionLimits(
    int MaxStatements = 10_000,
    int MaxRecursionDepth = 64,
    long MaxMemoryBytes = 4_000_000,
    TimeSpan? Timeout = null)
{
    public static ExpressionLimits Default { get; } = new();

    public TimeSpan EffectiveTimeout => Timeout ?? TimeSpan.FromMilliseconds(100);
}
