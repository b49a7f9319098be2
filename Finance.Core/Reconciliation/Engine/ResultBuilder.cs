namespace Finance.Core.Reconciliation.Engine;

/// <summary>Turns accepted proposals into the public result, in input line order.</summary>
internal static class ResultBuilder
{
    public static ReconcileResult Build(Book book, List<Proposal> proposals, int[] lineStart, int[] lineCount,
        Dictionary<int, List<int>> splitsByLine, Assigner.Outcome outcome, int[] ruleOf, CompiledRules rules)
    {
        var auto = new List<ReconcileMatch>(book.Lines.Count);
        var suggestions = new List<LineSuggestions>();
        var unmatched = new List<Guid>();
        var outcomes = new List<RuleOutcome>();
        var keep = book.Options.SuggestionsPerLine;
        var ranked = new List<int>();
        for (var line = 0; line < book.Lines.Count; line++)
        {
            var id = book.Lines[line].Id;
            var rule = ruleOf[line] >= 0 ? rules[ruleOf[line]] : null;
            if (rule is not null) outcomes.Add(new RuleOutcome(id, rule.Name, rule.Action.Kind));
            if (rule?.Action.Kind is RuleActionKind.Ignore or RuleActionKind.BookAsBankFee) continue;
            var accepted = outcome.AcceptedByLine[line];
            if (accepted >= 0 && outcome.Auto[accepted])
            {
                auto.Add(Match(book, proposals[accepted], line, rule, ambiguous: false));
                continue;
            }
            ranked.Clear();
            for (var p = lineStart[line]; p < lineStart[line] + lineCount[line]; p++) ranked.Add(p);
            if (splitsByLine.TryGetValue(line, out var splits)) ranked.AddRange(splits);
            if (ranked.Count == 0) { unmatched.Add(id); continue; }
            // The reserved proposal first, then by score; position breaks ties (it follows input order).
            ranked.Sort((a, b) => a == accepted ? -1 : b == accepted ? 1
                : proposals[a].Score != proposals[b].Score ? proposals[b].Score.CompareTo(proposals[a].Score) : a.CompareTo(b));
            var matches = new ReconcileMatch[Math.Min(keep, ranked.Count)];
            for (var k = 0; k < matches.Length; k++)
                matches[k] = Match(book, proposals[ranked[k]], line, rule, proposals[ranked[k]].Score >= book.Options.AutoConfirmThreshold);
            suggestions.Add(new LineSuggestions(id, matches, rule?.Action.Kind == RuleActionKind.ForceReview));
        }
        return new ReconcileResult(auto, suggestions, unmatched, outcomes);
    }

    private static ReconcileMatch Match(Book book, Proposal p, int line, ReconcileRule? rule, bool ambiguous)
    {
        Allocation[] allocations;
        if (p.Kind == MatchKind.Split) allocations = [new(book.Items[p.Item].Id, Book.FromCents(book.LineCents[line]))];
        else if (p.Items is { } items)
        {
            allocations = new Allocation[items.Length];
            for (var k = 0; k < items.Length; k++) allocations[k] = new(book.Items[items[k]].Id, Book.FromCents(book.Facts[items[k]].Cents));
        }
        else allocations = [new(book.Items[p.Item].Id, Book.FromCents(p.AppliedCents))];
        var writeOff = Book.FromCents(p.WriteOffCents);
        var fee = Book.FromCents(p.FeeCents);
        var reasons = new ReasonList(p.Evidence, p.Kind, book.Items[p.Item].Number, rule?.Name, Math.Max(p.LineCount, p.ItemCount), fee, writeOff,
            Book.FromCents(book.Facts[p.Item].Cents - p.AppliedCents), p.NameSimilarity, ambiguous);
        return new ReconcileMatch(book.Lines[line].Id, p.Kind, p.Fit, Math.Round(p.Score, 4), allocations, writeOff, fee, reasons);
    }
}
