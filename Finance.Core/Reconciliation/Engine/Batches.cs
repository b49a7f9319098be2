namespace Finance.Core.Reconciliation.Engine;

/// <summary>Stage d, one line paying several items: among the candidates that come from the same payer (IBAN, a close
/// name, or their number in the text), a bounded subset sum to the line's amount (or amount plus charges).</summary>
internal static class Batches
{
    private const double SamePayer = 0.6;
    private const int MaxPool = 24;

    public static void Find(Book book, in LineFacts line, CandidateSet candidates, List<Proposal> output)
    {
        var pool = candidates.Pool;
        pool.Clear();
        var facts = book.Facts;
        foreach (var item in candidates.Items)
        {
            var samePayer = candidates.IsNumbered(item) || (line.Iban >= 0 && line.Iban == facts[item].Iban)
                || line.Similarity(book, facts[item].Name) >= SamePayer;
            if (samePayer && facts[item].Cents < line.Cents + line.Charges && Scoring.Date(book, line.Day, item).Points > 0)
                pool.Add(item);
        }
        if (pool.Count < 2) return;
        // Items named in the text first, then larger amounts first (the search needs descending values); index breaks ties.
        pool.Sort((a, b) => candidates.IsNumbered(a) != candidates.IsNumbered(b) ? candidates.IsNumbered(b).CompareTo(candidates.IsNumbered(a))
            : facts[a].Cents != facts[b].Cents ? facts[b].Cents.CompareTo(facts[a].Cents) : a.CompareTo(b));
        if (pool.Count > MaxPool) pool.RemoveRange(MaxPool, pool.Count - MaxPool);
        pool.Sort((a, b) => facts[a].Cents != facts[b].Cents ? facts[b].Cents.CompareTo(facts[a].Cents) : a.CompareTo(b));
        var values = new long[pool.Count];
        for (var k = 0; k < values.Length; k++) values[k] = facts[pool[k]].Cents;
        var options = book.Options;
        var found = 0;
        for (var pass = 0; pass < (line.Charges > 0 ? 2 : 1) && found < 2; pass++)
        {
            var fee = pass == 0 ? 0L : line.Charges;
            foreach (var positions in SubsetSum.Find(values, line.Cents + fee, options.MaxSubsetSize, options.MaxSubsetCombinations, 2 - found))
            {
                var items = new int[positions.Length];
                var named = 0;
                for (var k = 0; k < positions.Length; k++)
                {
                    items[k] = pool[positions[k]];
                    if (candidates.IsNumbered(items[k])) named++;
                }
                output.Add(Proposal(book, line, items, named, fee));
                found++;
            }
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
