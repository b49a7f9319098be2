namespace Finance.Core.Reconciliation.Engine;

/// <summary>The baseline the bench compares <see cref="Reconciler"/> with: every line scored against every item of its
/// company (same scoring, same assignment, no indexes, no batch or split search). Quadratic; for small inputs only.</summary>
public static class NaiveReconciler
{
    public static ReconcileResult Reconcile(IReadOnlyList<OpenItem> items, IReadOnlyList<BankLine> lines, ReconcileOptions options)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(lines);
        var book = BookBuilder.Build(items, lines, options);
        var references = items.Select(i => ReferenceScanner.Normalize(i.Reference)).ToArray();
        var numbers = items.Select(i => Names.Number(i.Number)).ToArray();
        var m = lines.Count;
        var perLine = new List<Proposal>[m];
        Parallel.For(0, m, l =>
        {
            BookBuilder.ReadLine(book, l);
            var line = lines[l];
            var name = Names.Normalize(line.CounterpartyName);
            var iban = Names.Iban(line.CounterpartyIban);
            var facts = new LineFacts(l, book.LineGroup[l], book.LineCurrency[l], book.LineCents[l], book.LineCharges[l], book.LineDay[l],
                name, Names.Trigrams(name),
                iban is not null && book.LineGroup[l] >= 0 && book.Groups[book.LineGroup[l]].Ibans.TryGetValue(iban, out var id) ? id.First : -1, similarities: null);
            var keys = new List<string>();
            if (ReferenceScanner.Normalize(line.Reference) is { } reference) keys.Add(reference);
            ReferenceScanner.FindInText(line.RemittanceText, keys);
            var text = Names.Number(line.RemittanceText ?? "");
            var found = new List<Proposal>();
            for (var i = 0; i < items.Count; i++)
            {
                if (book.Facts[i].Group != facts.Group || book.Facts[i].Currency != facts.Currency) continue;
                var byKey = (references[i] is { } r && keys.Contains(r)) || (line.EndToEndId is { Length: > 0 } e && e == items[i].EndToEndId);
                var numbered = numbers[i].Length >= 4 && text.Contains(numbers[i], StringComparison.Ordinal);
                if (Scoring.Pair(book, facts, i, numbered || byKey, out var proposal))
                {
                    if (byKey) proposal.Score = Math.Max(proposal.Score, 0.97f);
                    found.Add(proposal);
                }
            }
            found.Sort(static (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Item.CompareTo(b.Item));
            perLine[l] = [.. found.Take(options.SuggestionsPerLine + 2)];
        });
        var proposals = new List<Proposal>();
        var lineStart = new int[m];
        var lineCount = new int[m];
        for (var l = 0; l < m; l++)
        {
            (lineStart[l], lineCount[l]) = (proposals.Count, perLine[l].Count);
            proposals.AddRange(perLine[l]);
        }
        var outcome = Assigner.Assign(book, proposals, new bool[m]);
        return ResultBuilder.Build(book, proposals, lineStart, lineCount, [], outcome, Enumerable.Repeat(-1, m).ToArray(), new CompiledRules([]));
    }
}
