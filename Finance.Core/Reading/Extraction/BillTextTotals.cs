using System.Text.RegularExpressions;

namespace Finance.Core.Reading.Extraction;

/// <summary>Totals and parties, the second half of <see cref="BillTextExtractor"/>'s rules.</summary>
internal static partial class BillTextExtractor
{
    private sealed record Amount(decimal Value, TextLine Line, int Start, int Length, decimal Confidence);

    // Each line with an amount is a net, VAT or gross line by its label; the rightmost amount is the line's total.
    // The triple that adds up (net + VAT = gross) wins over the labels' order; otherwise the last gross line and the
    // last net line, the VAT lines summed when there are several rates.
    private static void Totals(IReadOnlyList<TextLine> lines, Adder add)
    {
        List<Amount> net = [], vat = [], gross = [], generic = [];
        var rates = new List<(decimal Rate, TextLine Line, int Start, int Length)>();
        var perRate = new List<(decimal Rate, decimal Net, decimal Vat, TextLine Line)>();
        foreach (var line in lines)
        {
            var amounts = Amounts.Find(line.Text).ToList();
            if (amounts.Count == 0) continue;
            var (value, start, length) = amounts[^1];
            var label = line.Text[..amounts[0].Start];
            if (Labels.Gross().IsMatch(label)) gross.Add(new(value, line, start, length, Labelled));
            else if (Labels.Net().IsMatch(label)) net.Add(new(value, line, start, length, Labelled));
            else if (Labels.Vat().IsMatch(label))
            {
                vat.Add(new(value, line, start, length, Labelled));
                foreach (Match r in RateText().Matches(line.Text)) rates.Add((Amounts.Rates(r.Value).First(), line, r.Index, r.Length));
                // "MWST 8.1 % auf 1'000.00   81.00": a rate, its base, its VAT.
                if (amounts.Count >= 2 && Amounts.Rates(line.Text).FirstOrDefault() is var lineRate && RateText().IsMatch(line.Text))
                    perRate.Add((lineRate, amounts[0].Value, value, line));
            }
            else if (Labels.GenericTotal().IsMatch(label)) generic.Add(new(value, line, start, length, Labelled - 0.15m));
        }
        var grossCandidates = gross.AsEnumerable().Reverse().Concat(generic.OrderByDescending(a => a.Value)).ToList();
        var vatCandidates = vat.AsEnumerable().Reverse().ToList();
        if (vat.Select(v => v.Value).Distinct().Count() > 1)
            vatCandidates.Add(vat[^1] with { Value = vat.DistinctBy(v => v.Value).Sum(v => v.Value), Confidence = Below });
        var triple = (from g in grossCandidates from n in net.AsEnumerable().Reverse() from v in vatCandidates
                      where n.Value + v.Value == g.Value select (g, n, v)).FirstOrDefault();
        var (gPick, nPick, vPick) = triple.g is not null ? triple : (grossCandidates.FirstOrDefault(), net.LastOrDefault(), vatCandidates.FirstOrDefault());
        // Net and gross read, no VAT line: a bill without VAT, or one whose VAT line we missed; the difference tells.
        foreach (var (name, pick) in new[] { (BillFields.GrossAmount, gPick), (BillFields.NetAmount, nPick), (BillFields.VatAmount, vPick) })
        {
            if (pick is not null) add(name, Amounts.Format(pick.Value), pick.Confidence, pick.Line, pick.Start, pick.Length);
        }
        if (perRate.Count > 0)
            add(BillFields.VatBreakdown, Amounts.Breakdown(perRate.Select(p => (p.Rate, p.Net, p.Vat))), Below, perRate[0].Line, 0, perRate[0].Line.Text.Length);
        var rate = rates.Where(r => vPick is null || r.Line == vPick.Line).Concat(rates).FirstOrDefault();
        if (rate.Line is not null) add(BillFields.VatRate, Amounts.FormatRate(rate.Rate), Labelled, rate.Line, rate.Start, rate.Length);
    }

    private static void Parties(IReadOnlyList<TextLine> lines, Adder add)
    {
        var supplier = NamedParty(lines, Labels.SellerHeading());
        if (supplier is { } s) add(BillFields.SupplierName, s.Name, 0.8m, s.Line, s.Start, s.Name.Length);
        else if (lines.Take(12).Select(l => (Line: l, Match: Labels.LegalForm().Match(l.Text))).FirstOrDefault(x => x.Match.Success) is { Line: not null } firm)
        {
            var segment = Segment(firm.Line.Text, firm.Match.Index);
            add(BillFields.SupplierName, segment.Text, 0.6m, firm.Line, segment.Start, segment.Text.Length);
            Address(lines, firm.Line, add);
        }
        else if (lines.Count > 0) add(BillFields.SupplierName, Segment(lines[0].Text, 0).Text, Guessed - 0.1m, lines[0], 0, lines[0].Text.Length);
        if (NamedParty(lines, Labels.BuyerHeading()) is { } b) add(BillFields.DebtorName, b.Name, 0.75m, b.Line, b.Start, b.Name.Length);
    }

    // "Verkäufer" (or Seller, Fournisseur…) then, within four lines, "Name: …" (the ZUGFeRD visualisation's layout).
    private static (string Name, TextLine Line, int Start)? NamedParty(IReadOnlyList<TextLine> lines, Regex heading)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (!heading.IsMatch(lines[i].Text)) continue;
            for (var j = i; j < Math.Min(lines.Count, i + 5); j++)
            {
                if (Labels.NameField().Match(lines[j].Text) is { Success: true } m) return (m.Groups[1].Value.Trim(), lines[j], m.Groups[1].Index);
            }
        }
        return null;
    }

    private static void Address(IReadOnlyList<TextLine> lines, TextLine nameLine, Adder add)
    {
        var at = lines.ToList().IndexOf(nameLine);
        var parts = lines.Skip(at + 1).Take(2).Where(l => Labels.AddressLine().IsMatch(l.Text)).Select(l => Segment(l.Text, 0).Text).ToList();
        if (parts.Count > 0) add(BillFields.SupplierAddress, string.Join(", ", parts), 0.5m, lines[at + 1], 0, lines[at + 1].Text.Length);
    }

    // The column segment (text between two-space gaps) around a position.
    private static (string Text, int Start) Segment(string text, int position)
    {
        var start = text.LastIndexOf("  ", Math.Max(0, position), StringComparison.Ordinal);
        start = start < 0 ? 0 : start + 2;
        var end = text.IndexOf("  ", position, StringComparison.Ordinal);
        return (text[start..(end < 0 ? text.Length : end)].Trim(), start);
    }

    [GeneratedRegex(@"(?<![\d.,])\d{1,2}(?:[.,]\d{1,2})?\s*%")]
    private static partial Regex RateText();
}
