using Finance.Workflows.Activities;
using Finance.Workflows.Model;

namespace Finance.Workflows.Engines.Temporal;

/// <summary>Maps a step's retry policy to Temporal's; the semantics and defaults are the same (RetryPolicy's remarks).</summary>
public static class TemporalRetry
{
    /// <summary>The failure type an activity's <see cref="NonRetryableActivityException"/> is reported as.</summary>
    public const string NonRetryableErrorType = nameof(NonRetryableActivityException);

    /// <summary>Used when a step names no start-to-close timeout (Temporal requires one).</summary>
    public static TimeSpan DefaultStartToCloseTimeout { get; } = TimeSpan.FromMinutes(5);

    public static Temporalio.Common.RetryPolicy ToTemporal(RetryPolicy policy) => new()
    {
        MaximumAttempts = policy.MaxAttempts,
        InitialInterval = policy.EffectiveInitialInterval,
        BackoffCoefficient = (float)policy.BackoffCoefficient,
        MaximumInterval = policy.EffectiveMaximumInterval,
        NonRetryableErrorTypes = [NonRetryableErrorType],
    };
}
