namespace Finance.Core.Reconciliation.Engine;

/// <summary>Turns accepted proposals into the public result, in input line order. Most of the cost is allocating the result's
/// objects, so lines are turned in parallel chunks, each into its own slot, and gathered in line order afterwards.</summary>
internal static class ResultBuilder
{
    private const int ChunkSize = 4096;
    private static readonly object Unmatched = new();

    public static ReconcileResult Build(Book book, List<Proposal> proposals, int[] lineStart, int[] lineCount,
        Dictionary<int, List<int>> splitsByLine, Assigner.Outcome outcome, int[] ruleOf, CompiledRules rules)
    {
        var m = book.Lines.Count;
        // Per line: a ReconcileMatch (confirmed), LineSuggestions (for review), Unmatched, or null (ignored by a rule).
        var slots = new object?[m];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, (m + ChunkSize - 1) / ChunkSize, parallel, () => new List<int>(), (c, _, ranked) =>
        {
            for (var line = c * ChunkSize; line < Math.Min(m, (c + 1) * ChunkSize); line++)
                slots[line] = Slot(book, proposals, lineStart, lineCount, splitsByLine, outcome, ruleOf[line] >= 0 ? rules[ruleOf[line]] : null, line, ranked);
            return ranked;
        }, _ => { });

        var autoCount = 0;
        var suggestionCount = 0;
        foreach (var slot in slots)
            if (slot is ReconcileMatch) autoCount++;
            else if (slot is LineSuggestions) suggestionCount++;
        var auto = new List<ReconcileMatch>(autoCount);
        var suggestions = new List<LineSuggestions>(suggestionCount);
        var unmatched = new List<Guid>(m - autoCount - suggestionCount);
        var outcomes = new List<RuleOutcome>();
        for (var line = 0; line < m; line++)
        {
            if (ruleOf[line] >= 0) outcomes.Add(new RuleOutcome(book.Lines[line].Id, rules[ruleOf[line]].Name, rules[ruleOf[line]].Action.Kind));
            switch (slots[line])
            {
                case ReconcileMatch match: auto.Add(match); break;
                case LineSuggestions ranked: suggestions.Add(ranked); break;
                case { } : unmatched.Add(book.Lines[line].Id); break;
            }
        }
        return new ReconcileResult(auto, suggestions, unmatched, outcomes);
    }

    private static object? Slot(Book book, List<Proposal> proposals, int[] lineStart, int[] lineCount, Dictionary<int, List<int>> splitsByLine,
        Assigner.Outcome outcome, ReconcileRule? rule, int line, List<int> ranked)
    {
        if (rule?.Action.Kind is RuleActionKind.Ignore or RuleActionKind.BookAsBankFee) return null;
        var accepted = outcome.AcceptedByLine[line];
        if (accepted >= 0 && outcome.Auto[accepted]) return Match(book, proposals[accepted], line, rule, ambiguous: false);
        ranked.Clear();
        for (var p = lineStart[line]; p < lineStart[line] + lineCount[line]; p++) ranked.Add(p);
        if (splitsByLine.TryGetValue(line, out var splits)) ranked.AddRange(splits);
        if (ranked.Count == 0) return Unmatched;
        // The reserved proposal first, then by score; position breaks ties (it follows input order).
        ranked.Sort((a, b) => a == accepted ? -1 : b == accepted ? 1
            : proposals[a].Score != proposals[b].Score ? proposals[b].Score.CompareTo(proposals[a].Score) : a.CompareTo(b));
        var matches = new ReconcileMatch[Math.Min(book.Options.SuggestionsPerLine, ranked.Count)];
        for (var k = 0; k < matches.Length; k++)
            matches[k] = Match(book, proposals[ranked[k]], line, rule, proposals[ranked[k]].Score >= book.Options.AutoConfirmThreshold);
        return new LineSuggestions(book.Lines[line].Id, matches, rule?.Action.Kind == RuleActionKind.ForceReview);
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
