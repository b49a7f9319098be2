namespace Finance.Core.Reconciliation.Engine;

public enum MatchKind
{
    Rule,
    Reference,
    EndToEnd,
    Scored,

    /// <summary>One line pays several items.</summary>
    Batch,

    /// <summary>Several lines pay one item; each line's match carries its share.</summary>
    Split,
}

public enum AmountFit
{
    Exact,
    Partial,
    WriteOff,
    Fee,
}

/// <summary>What the line settles on one item: the whole open amount, or the line's amount for a partial payment.</summary>
public sealed record Allocation(Guid ItemId, decimal Amount);

/// <remarks><c>Score</c>: 0..1, higher is surer.
/// <c>WriteOff</c>: Open minus paid when the difference is under the write-off threshold (negative when overpaid).
/// <c>Fee</c>: Bank charges deducted from the payment, to book as a fee.</remarks>
public sealed record ReconcileMatch(
    Guid LineId,
    MatchKind Kind,
    AmountFit Fit,
    double Score,
    IReadOnlyList<Allocation> Allocations,
    decimal WriteOff,
    decimal Fee,
    IReadOnlyList<string> Reasons);

/// <summary>A line for the review queue with its candidates, best first (the first is the one the run reserved items for).</summary>
public sealed record LineSuggestions(Guid LineId, IReadOnlyList<ReconcileMatch> Ranked, bool ForcedReview);

public sealed record RuleOutcome(Guid LineId, string Rule, RuleActionKind Action);

/// <summary>The outcome of <see cref="Reconciler.Reconcile"/>, every list in input line order.</summary>
/// <remarks><c>RuleOutcomes</c>: every line a rule matched; ignored and fee lines appear only here.</remarks>
public sealed record ReconcileResult(
    IReadOnlyList<ReconcileMatch> AutoConfirmed,
    IReadOnlyList<LineSuggestions> Suggestions,
    IReadOnlyList<Guid> Unmatched,
    IReadOnlyList<RuleOutcome> RuleOutcomes);
