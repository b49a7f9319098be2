using System.Globalization;

namespace Finance.Core.Reconciliation.Engine;

/// <summary>Turns accepted proposals into the public result, in input line order; reason texts are written only here.</summary>
internal static class ResultBuilder
{
    public static ReconcileResult Build(Book book, List<Proposal> proposals, int[] lineStart, int[] lineCount,
        Dictionary<int, List<int>> splitsByLine, Assigner.Outcome outcome, int[] ruleOf, CompiledRules rules)
    {
        var auto = new List<ReconcileMatch>();
        var suggestions = new List<LineSuggestions>();
        var unmatched = new List<Guid>();
        var outcomes = new List<RuleOutcome>();
        var keep = book.Options.SuggestionsPerLine;
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
            var ranked = new List<int>();
            if (accepted >= 0) ranked.Add(accepted);
            var own = Enumerable.Range(lineStart[line], lineCount[line]);
            if (splitsByLine.TryGetValue(line, out var splits)) own = own.Concat(splits);
            ranked.AddRange(own.Where(p => p != accepted).OrderByDescending(p => proposals[p].Score).ThenBy(p => p));
            if (ranked.Count == 0) { unmatched.Add(id); continue; }
            suggestions.Add(new LineSuggestions(id,
                [.. ranked.Take(keep).Select(p => Match(book, proposals[p], line, rule, proposals[p].Score >= book.Options.AutoConfirmThreshold))],
                rule?.Action.Kind == RuleActionKind.ForceReview));
        }
        return new ReconcileResult(auto, suggestions, unmatched, outcomes);
    }

    private static ReconcileMatch Match(Book book, Proposal p, int line, ReconcileRule? rule, bool ambiguous)
    {
        Allocation[] allocations = p.Kind switch
        {
            MatchKind.Split => [new(book.Items[p.Item].Id, Book.FromCents(book.LineCents[line]))],
            MatchKind.Batch => [.. p.Items!.Select(i => new Allocation(book.Items[i].Id, Book.FromCents(book.ItemCents[i])))],
            _ => [new(book.Items[p.Item].Id, Book.FromCents(p.AppliedCents))],
        };
        return new ReconcileMatch(book.Lines[line].Id, p.Kind, p.Fit, Math.Round(p.Score, 4), allocations,
            Book.FromCents(p.WriteOffCents), Book.FromCents(p.FeeCents), Reasons(book, p, rule, ambiguous));
    }

    private static List<string> Reasons(Book book, Proposal p, ReconcileRule? rule, bool ambiguous)
    {
        var reasons = new List<string>();
        var e = p.Evidence;
        var number = book.Items[p.Item].Number;
        if (rule is not null) reasons.Add($"rule '{rule.Name}'");
        if (e.HasFlag(Evidence.EndToEnd)) reasons.Add($"end-to-end id of the payment for {number}");
        if (e.HasFlag(Evidence.Reference)) reasons.Add($"structured reference of {number}");
        if (e.HasFlag(Evidence.ReferenceInText)) reasons.Add($"reference of {number} in the remittance text");
        if (e.HasFlag(Evidence.Number)) reasons.Add("invoice number in the remittance text");
        if (e.HasFlag(Evidence.AmountSum)) reasons.Add(p.Kind == MatchKind.Split ? $"{p.LineCount} payments add up to the open amount" : $"{p.ItemCount} open amounts add up to the payment");
        if (e.HasFlag(Evidence.AmountExact)) reasons.Add("amount equals the open amount");
        if (e.HasFlag(Evidence.AmountFee)) reasons.Add(Text($"amount plus bank charges {Book.FromCents(p.FeeCents):0.00} equals the open amount"));
        if (e.HasFlag(Evidence.AmountWriteOff)) reasons.Add(Text($"difference {Book.FromCents(p.WriteOffCents):0.00} under the write-off threshold"));
        if (e.HasFlag(Evidence.AmountPartial)) reasons.Add(Text($"partial payment, {Book.FromCents(book.ItemCents[p.Item] - p.AppliedCents):0.00} stays open"));
        if (e.HasFlag(Evidence.Overpaid)) reasons.Add("pays more than the open amount");
        if (e.HasFlag(Evidence.Name)) reasons.Add(Text($"counterparty name similar ({p.NameSimilarity:0.00})"));
        if (e.HasFlag(Evidence.Iban)) reasons.Add("counterparty IBAN equal");
        if (e.HasFlag(Evidence.DateInWindow)) reasons.Add("booked within the payment window");
        else if (e.HasFlag(Evidence.DateNear)) reasons.Add("booked near the payment window");
        if (ambiguous) reasons.Add("another candidate scores about as high");
        return reasons;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
