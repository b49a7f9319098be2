namespace Finance.Core.Reconciliation.Engine;

/// <summary>Thresholds of one reconciliation run. Amount thresholds are in the line's currency.</summary>
public sealed record ReconcileOptions
{
    /// <summary>A match at or above this score, and clearly ahead of its runner-up, is booked without review.</summary>
    public double AutoConfirmThreshold { get; init; } = 0.95;

    /// <summary>How far ahead of the runner-up (another item for the line, another line for the item) a match must be.</summary>
    public double AmbiguityMargin { get; init; } = 0.10;

    /// <summary>A difference up to this amount and up to <see cref="WriteOffRelative"/> of the open amount is written off.</summary>
    public decimal WriteOffAbsolute { get; init; } = 5m;

    public decimal WriteOffRelative { get; init; } = 0.01m;

    /// <summary>Days after the due date (and before the issue date, a fifth of it) a payment is still expected.</summary>
    public int DateWindowDays { get; init; } = 60;

    /// <summary>Most items one line may pay, and most lines that may pay one item.</summary>
    public int MaxSubsetSize { get; init; } = 5;

    /// <summary>Cap on the subsets tried per search, so one large counterparty cannot stall a run.</summary>
    public int MaxSubsetCombinations { get; init; } = 20_000;

    /// <summary>Most open items scored per line.</summary>
    public int MaxCandidates { get; init; } = 40;

    /// <summary>Ranked suggestions kept per line for the review queue.</summary>
    public int SuggestionsPerLine { get; init; } = 3;

    /// <summary>Below this score a candidate is not worth showing.</summary>
    public double MinSuggestionScore { get; init; } = 0.35;
}
