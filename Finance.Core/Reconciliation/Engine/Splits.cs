namespace Finance.Core.Reconciliation.Engine;

/// <summary>Stage d, several lines paying one item: lines whose scored candidates include the same item as a partial
/// payment (so something besides the amount already ties them to it), within the date window of each other, whose
/// amounts add up exactly to the open amount.</summary>
internal static class Splits
{
    public static void Find(Book book, List<Proposal> proposals)
    {
        var claims = new Dictionary<int, List<(int Line, float Evidence, Evidence Flags)>>();
        var order = new List<int>();
        foreach (var p in proposals)
        {
            if (p.Kind != MatchKind.Scored || p.Fit != AmountFit.Partial) continue;
            if (!claims.TryGetValue(p.Item, out var lines)) { claims.Add(p.Item, lines = []); order.Add(p.Item); }
            lines.Add((p.Line, p.Score - Scoring.AmountPartial, p.Evidence & ~Evidence.AmountPartial));
        }
        var options = book.Options;
        foreach (var item in order) // first-claim order: the proposals' order, never the dictionary's
        {
            var lines = claims[item];
            if (lines.Count < 2) continue;
            lines.Sort((a, b) => book.LineCents[a.Line] != book.LineCents[b.Line]
                ? book.LineCents[b.Line].CompareTo(book.LineCents[a.Line]) : a.Line.CompareTo(b.Line));
            var values = lines.Select(l => book.LineCents[l.Line]).ToArray();
            foreach (var positions in SubsetSum.Find(values, book.Facts[item].Cents, options.MaxSubsetSize, options.MaxSubsetCombinations, 2))
            {
                var chosen = positions.Select(p => lines[p]).ToArray();
                var days = chosen.Select(c => book.LineDay[c.Line]).ToArray();
                if (days.Max() - days.Min() > options.DateWindowDays) continue;
                var members = chosen.Select(c => c.Line).Order().ToArray();
                proposals.Add(new Proposal
                {
                    Line = members[0], Lines = members, Item = item, Kind = MatchKind.Split, Fit = AmountFit.Exact,
                    Evidence = chosen.Aggregate(Evidence.AmountSum, (e, c) => e | c.Flags),
                    Score = Math.Min(1f, Scoring.AmountSum + chosen.Min(c => c.Evidence)), AppliedCents = book.Facts[item].Cents,
                });
            }
        }
    }
}
