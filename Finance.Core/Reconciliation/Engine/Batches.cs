namespace Finance.Core.Reconciliation.Engine;

/// <summary>Stage d, one line paying several items: among the candidates that come from the same payer (IBAN, a close
/// name, or their number in the text), a bounded subset sum to the line's amount (or amount plus charges).</summary>
internal static class Batches
{
    private const double SamePayer = 0.6;
    private const int MaxPool = 24;

    public static void Find(Book book, in LineFacts line, List<int> candidates, List<int> numberHits, List<Proposal> output)
    {
        var pool = new List<(int Item, bool Number)>();
        foreach (var item in candidates)
        {
            var number = numberHits.Contains(item);
            var samePayer = number || (line.Iban is not null && line.Iban == book.ItemIban[item])
                || Names.Similarity(line.Trigrams, book.ItemTrigrams[item]) >= SamePayer;
            if (samePayer && book.ItemCents[item] < line.Cents + line.Charges && Scoring.Date(book, line.Day, item).Points > 0)
                pool.Add((item, number));
        }
        if (pool.Count < 2) return;
        // Items named in the text first, then larger amounts first (the search needs descending values); index breaks ties.
        pool.Sort((a, b) => a.Number != b.Number ? b.Number.CompareTo(a.Number)
            : book.ItemCents[a.Item] != book.ItemCents[b.Item] ? book.ItemCents[b.Item].CompareTo(book.ItemCents[a.Item]) : a.Item.CompareTo(b.Item));
        if (pool.Count > MaxPool) pool.RemoveRange(MaxPool, pool.Count - MaxPool);
        pool.Sort((a, b) => book.ItemCents[a.Item] != book.ItemCents[b.Item]
            ? book.ItemCents[b.Item].CompareTo(book.ItemCents[a.Item]) : a.Item.CompareTo(b.Item));
        var values = pool.Select(p => book.ItemCents[p.Item]).ToArray();
        var options = book.Options;
        var found = 0;
        foreach (var (target, fee) in line.Charges > 0 ? [(line.Cents, 0L), (line.Cents + line.Charges, line.Charges)] : new[] { (line.Cents, 0L) })
        {
            foreach (var positions in SubsetSum.Find(values, target, options.MaxSubsetSize, options.MaxSubsetCombinations, 2 - found))
            {
                output.Add(Proposal(book, line, [.. positions.Select(p => pool[p].Item)], positions.Count(p => pool[p].Number), fee));
                found++;
            }
            if (found >= 2) return;
        }
    }

    private static Proposal Proposal(Book book, in LineFacts line, int[] items, int named, long fee)
    {
        var evidence = Evidence.AmountSum | (fee > 0 ? Evidence.AmountFee : Evidence.None);
        var who = float.MaxValue;
        var date = float.MaxValue;
        var similarity = 1f;
        foreach (var item in items)
        {
            var points = Scoring.Counterparty(book, line, item, ref evidence, out var s);
            who = Math.Min(who, points);
            similarity = Math.Min(similarity, s);
            var (datePoints, dateEvidence) = Scoring.Date(book, line.Day, item);
            date = Math.Min(date, datePoints);
            evidence |= dateEvidence;
        }
        if (named > 0) evidence |= Evidence.Number;
        var number = named == items.Length ? Scoring.NumberWeight : named > 0 ? Scoring.NumberWeight / 2 : 0f;
        Array.Sort(items);
        return new Proposal
        {
            Line = line.Index, Item = items[0], Items = items, Kind = MatchKind.Batch, Fit = fee > 0 ? AmountFit.Fee : AmountFit.Exact,
            Evidence = evidence, Score = Math.Min(1f, Scoring.AmountSum + who + date + number), NameSimilarity = similarity,
            AppliedCents = line.Cents + fee, FeeCents = fee,
        };
    }
}
