using System.Text.RegularExpressions;

namespace Finance.Core.Reconciliation.Engine;

/// <summary>Rules compiled once per run. Patterns are user input: each runs with a timeout, and without backtracking
/// when the pattern allows it (NonBacktracking is linear in the text, so no pattern can hang a run).</summary>
internal sealed class CompiledRules
{
    // For the backtracking engine only. NonBacktracking is linear in the text and needs none: a timeout there only fires
    // when its first match builds the automaton on a loaded machine, silently dropping a rule that holds.
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(250);
    private readonly (ReconcileRule Rule, Regex? Pattern, string? Iban, string? Counterparty)[] _rules;

    public CompiledRules(IReadOnlyList<ReconcileRule> rules) =>
        _rules = [.. rules.Select(r => (r, Compile(r.Condition.TextRegex), Names.Iban(r.Condition.CounterpartyIban),
            r.Action.Counterparty is null ? null : Names.Normalize(r.Action.Counterparty)))];

    public int Count => _rules.Length;

    public ReconcileRule this[int index] => _rules[index].Rule;

    /// <summary>The normalised counterparty an <see cref="RuleActionKind.AssignToCounterparty"/> rule names.</summary>
    public string? Counterparty(int index) => _rules[index].Counterparty;

    /// <summary>Index of the first rule whose conditions all hold for the line, or -1.</summary>
    public int FirstMatch(BankLine line)
    {
        for (var r = 0; r < _rules.Length; r++)
            if (Holds(_rules[r], line)) return r;
        return -1;
    }

    private static bool Holds((ReconcileRule Rule, Regex? Pattern, string? Iban, string? Counterparty) rule, BankLine line)
    {
        var c = rule.Rule.Condition;
        var text = line.RemittanceText ?? "";
        if (c.TextContains is not null && !text.Contains(c.TextContains, StringComparison.OrdinalIgnoreCase)) return false;
        if (c.MinAmount is { } min && line.Amount < min) return false;
        if (c.MaxAmount is { } max && line.Amount > max) return false;
        if (c.CounterpartyContains is not null
            && !(line.CounterpartyName ?? "").Contains(c.CounterpartyContains, StringComparison.OrdinalIgnoreCase)) return false;
        if (rule.Iban is not null && rule.Iban != Names.Iban(line.CounterpartyIban)) return false;
        if (rule.Pattern is not null)
        {
            try
            {
                if (!rule.Pattern.IsMatch(text)) return false;
            }
            catch (RegexMatchTimeoutException)
            {
                return false; // a pattern too slow for this text does not hold; the line is matched as usual
            }
        }
        return true;
    }

    private static Regex? Compile(string? pattern)
    {
        if (pattern is null) return null;
        const RegexOptions options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
        try
        {
            return new Regex(pattern, options | RegexOptions.NonBacktracking, Regex.InfiniteMatchTimeout);
        }
        catch (NotSupportedException)
        {
            // Backreferences and lookarounds need the backtracking engine; the timeout still bounds it.
            return new Regex(pattern, options, Timeout);
        }
    }
}
