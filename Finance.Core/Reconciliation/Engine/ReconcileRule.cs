namespace Finance.Core.Reconciliation.Engine;

/// <summary>By name in JSON (stored rules, the API): a rule reads as what it does.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<RuleActionKind>))]
public enum RuleActionKind
{
    /// <summary>Not to be matched (salaries, transfers between own accounts).</summary>
    Ignore,

    /// <summary>The whole line is a bank fee (account fees, card fees).</summary>
    BookAsBankFee,

    /// <summary>The line pays <see cref="RuleAction.ItemId"/>.</summary>
    AssignToItem,

    /// <summary>The line comes from <see cref="RuleAction.Counterparty"/> whatever name the bank shows (a parent company, a factoring house).</summary>
    AssignToCounterparty,

    /// <summary>Matched as usual but never confirmed automatically.</summary>
    ForceReview,
}

/// <summary>An editable rule, applied before any matching, first match wins (rules are ordered).
/// Every condition that is set must hold.</summary>
public sealed record ReconcileRule(string Name, RuleCondition Condition, RuleAction Action);

/// <remarks><c>TextContains</c>: Case-insensitive substring of the remittance text.
/// <c>TextRegex</c>: Regular expression on the remittance text, run with a timeout (and without backtracking when the pattern allows).
/// <c>MinAmount</c>: Lower bound on the signed amount, inclusive.
/// <c>MaxAmount</c>: Upper bound on the signed amount, inclusive.
/// <c>CounterpartyContains</c>: Case-insensitive substring of the counterparty name.
/// <c>CounterpartyIban</c>: The counterparty IBAN, spacing ignored.</remarks>
public sealed record RuleCondition(
    string? TextContains = null,
    string? TextRegex = null,
    decimal? MinAmount = null,
    decimal? MaxAmount = null,
    string? CounterpartyContains = null,
    string? CounterpartyIban = null);

public sealed record RuleAction(RuleActionKind Kind, Guid? ItemId = null, string? Counterparty = null);
