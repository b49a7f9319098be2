using System.Runtime.InteropServices;

namespace Finance.Core.Reconciliation.Engine;

/// <summary>Matches bank lines to open items, in memory, without I/O: rules, exact keys (reference, end-to-end id),
/// scored candidates from indexes, batch and split payments, then a greedy assignment. Lines are matched in
/// parallel in fixed chunks whose outputs are joined in chunk order, so the same input gives the same result.</summary>
public static class Reconciler
{
    private const int ChunkSize = 2048;

    public static ReconcileResult Reconcile(IReadOnlyList<OpenItem> items, IReadOnlyList<BankLine> lines,
        IReadOnlyList<ReconcileRule> rules, ReconcileOptions options)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(options);
        var book = BookBuilder.Build(items, lines, options);
        var compiled = new CompiledRules(rules);
        var itemsById = rules.Any(r => r.Action.Kind == RuleActionKind.AssignToItem)
            ? Enumerable.Range(0, items.Count).ToDictionary(i => items[i].Id) : null;
        var m = lines.Count;
        var ruleOf = new int[m];
        var forced = new bool[m];
        var chunks = new Proposal[(m + ChunkSize - 1) / ChunkSize][];
        // One matcher per worker (its buffers are sized by the book), so no more workers than cores.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, chunks.Length, parallel, () => (Matcher: new LineMatcher(book, itemsById), Output: new List<Proposal>()), (c, _, worker) =>
        {
            var (matcher, output) = worker;
            output.Clear();
            for (var l = c * ChunkSize; l < Math.Min(m, (c + 1) * ChunkSize); l++)
            {
                BookBuilder.ReadLine(book, l);
                ruleOf[l] = compiled.FirstMatch(lines[l]);
                var rule = ruleOf[l] >= 0 ? compiled[ruleOf[l]] : null;
                if (rule?.Action.Kind is RuleActionKind.Ignore or RuleActionKind.BookAsBankFee) continue;
                forced[l] = rule?.Action.Kind == RuleActionKind.ForceReview;
                matcher.Match(l, rule, rule?.Action.Kind == RuleActionKind.AssignToCounterparty ? compiled.Counterparty(ruleOf[l]) : null, output);
            }
            chunks[c] = [.. output];
            return worker;
        }, _ => { });
        // Joined in chunk order (so in line order), each chunk copied to its place by its own task.
        var offsets = new int[chunks.Length + 1];
        for (var c = 0; c < chunks.Length; c++) offsets[c + 1] = offsets[c] + chunks[c].Length;
        var singles = offsets[^1];
        // Room for the splits appended below, so the list (millions of proposals) is not copied again to grow.
        var proposals = new List<Proposal>(singles + singles / 32 + 1024);
        CollectionsMarshal.SetCount(proposals, singles);
        var lineStart = new int[m];
        var lineCount = new int[m];
        Parallel.For(0, chunks.Length, parallel, c =>
        {
            chunks[c].CopyTo(CollectionsMarshal.AsSpan(proposals)[offsets[c]..]);
            for (var p = offsets[c]; p < offsets[c + 1]; p++)
                if (lineCount[proposals[p].Line]++ == 0) lineStart[proposals[p].Line] = p;
        });
        Splits.Find(book, proposals);
        var splitsByLine = new Dictionary<int, List<int>>();
        for (var p = singles; p < proposals.Count; p++)
            foreach (var line in proposals[p].Lines!)
            {
                if (!splitsByLine.TryGetValue(line, out var list)) splitsByLine.Add(line, list = []);
                list.Add(p);
            }
        var outcome = Assigner.Assign(book, proposals, forced);
        return ResultBuilder.Build(book, proposals, lineStart, lineCount, splitsByLine, outcome, ruleOf, compiled);
    }
}
