namespace Finance.Core.Reconciliation.Engine;

/// <summary>Stage e and the auto-confirm decision. Greedy by score: each line used once, each item at most to its open
/// amount; ties broken by the proposal's position, which follows input line order, so the outcome never depends on
/// thread timing or hash order. A match is confirmed automatically only when it clears the threshold and is clearly
/// ahead of the runner-up both for its line(s) and, when several lines claim more than an item's open amount, for its item(s).</summary>
internal static class Assigner
{
    public sealed record Outcome(int[] AcceptedByLine, bool[] Auto);

    public static Outcome Assign(Book book, List<Proposal> proposals, bool[] forcedReview)
    {
        int m = book.LineCents.Length, n = book.Facts.Length, count = proposals.Count;
        var options = book.Options;
        var lineBest = Filled(m, -1);
        var lineSecond = new float[m];
        for (var p = 0; p < count; p++)
        {
            var proposal = proposals[p];
            for (var k = 0; k < proposal.LineCount; k++)
            {
                var line = proposal.LineAt(k);
                var best = lineBest[line];
                if (best < 0 || proposal.Score > proposals[best].Score) { if (best >= 0) lineSecond[line] = proposals[best].Score; lineBest[line] = p; }
                else lineSecond[line] = Math.Max(lineSecond[line], proposal.Score);
            }
        }

        var itemBest = Filled(n, -1);
        var claimed = new long[n];
        for (var p = 0; p < count; p++)
        {
            var proposal = proposals[p];
            var isTop = lineBest[proposal.Line] == p;
            for (var k = 0; k < proposal.ItemCount; k++)
            {
                var item = proposal.ItemAt(k);
                if (itemBest[item] < 0 || proposal.Score > proposals[itemBest[item]].Score) itemBest[item] = p;
                if (isTop) claimed[item] += proposal.Items is null ? proposal.AppliedCents : book.Facts[item].Cents;
            }
        }
        var itemSecond = new float[n];
        for (var p = 0; p < count; p++)
        {
            var proposal = proposals[p];
            for (var k = 0; k < proposal.ItemCount; k++)
            {
                var item = proposal.ItemAt(k);
                if (itemBest[item] != p && !SharesLine(proposal, proposals[itemBest[item]]))
                    itemSecond[item] = Math.Max(itemSecond[item], proposal.Score);
            }
        }

        var auto = new bool[count];
        var keys = new long[count];
        for (var p = 0; p < count; p++)
        {
            var proposal = proposals[p];
            auto[p] = proposal.Score >= options.AutoConfirmThreshold && ClearForLines(proposal, p, lineBest, lineSecond, forcedReview, options)
                && ClearForItems(book, proposal, p, itemBest, itemSecond, claimed, options);
            // Score descending (in millionths), then position: the position holds input line order and per-line rank.
            keys[p] = ((long)(1_000_000 - (int)Math.Round(proposal.Score * 1_000_000)) << 40) | (uint)p;
        }
        Array.Sort(keys);

        var accepted = Filled(m, -1);
        var remaining = new long[n];
        for (var i = 0; i < n; i++) remaining[i] = book.Facts[i].Cents;
        foreach (var key in keys)
        {
            var p = (int)(key & 0xFF_FFFF_FFFF);
            var proposal = proposals[p];
            if (!Fits(book, proposal, accepted, remaining)) continue;
            for (var k = 0; k < proposal.LineCount; k++) accepted[proposal.LineAt(k)] = p;
            for (var k = 0; k < proposal.ItemCount; k++)
            {
                var item = proposal.ItemAt(k);
                remaining[item] = proposal.Items is null && proposal.Fit == AmountFit.Partial ? remaining[item] - proposal.AppliedCents : 0;
            }
        }
        return new Outcome(accepted, auto);
    }

    private static bool ClearForLines(Proposal proposal, int p, int[] lineBest, float[] lineSecond, bool[] forcedReview, ReconcileOptions options)
    {
        for (var k = 0; k < proposal.LineCount; k++)
        {
            var line = proposal.LineAt(k);
            if (forcedReview[line] || lineBest[line] != p || proposal.Score - lineSecond[line] < options.AmbiguityMargin) return false;
        }
        return true;
    }

    private static bool ClearForItems(Book book, Proposal proposal, int p, int[] itemBest, float[] itemSecond, long[] claimed, ReconcileOptions options)
    {
        for (var k = 0; k < proposal.ItemCount; k++)
        {
            var item = proposal.ItemAt(k);
            var contended = claimed[item] > book.Facts[item].Cents;
            if (contended && (itemBest[item] != p || proposal.Score - itemSecond[item] < options.AmbiguityMargin)) return false;
        }
        return true;
    }

    /// <summary>Every line still free; a partial payment needs its amount left on the item, anything else an untouched item.</summary>
    private static bool Fits(Book book, Proposal proposal, int[] accepted, long[] remaining)
    {
        for (var k = 0; k < proposal.LineCount; k++)
            if (accepted[proposal.LineAt(k)] >= 0) return false;
        for (var k = 0; k < proposal.ItemCount; k++)
        {
            var item = proposal.ItemAt(k);
            var fits = proposal.Items is null && proposal.Fit == AmountFit.Partial
                ? remaining[item] >= proposal.AppliedCents
                : remaining[item] == book.Facts[item].Cents;
            if (!fits) return false;
        }
        return true;
    }

    private static bool SharesLine(Proposal a, Proposal b)
    {
        for (var i = 0; i < a.LineCount; i++)
            for (var j = 0; j < b.LineCount; j++)
                if (a.LineAt(i) == b.LineAt(j)) return true;
        return false;
    }

    private static int[] Filled(int length, int value)
    {
        var array = new int[length];
        Array.Fill(array, value);
        return array;
    }
}
