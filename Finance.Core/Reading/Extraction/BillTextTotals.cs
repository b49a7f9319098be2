using System.Text.RegularExpressions;

namespace Finance.Core.Reading.Extraction;

/// <summary>Totals and parties, the second half of <see cref="BillTextExtractor"/>'s rules.</summary>
internal static partial class BillTextExtractor
{
    // Stray quotes OCR reads from specks or the name's own quotation marks around it.
    private static readonly char[] Quotes = ['"', '\'', '“', '”', '„', '‘', '’', '«', '»'];

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
            // A letterhead's "TVA : FR11999999998 … capital de 120 000,00 €": a VAT number, not a VAT amount.
            if (Labels.EuVatNumber().IsMatch(label) || VatIdAfterLabel().IsMatch(label) || SwissUid.Find(label).Any()) continue;
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
        // Several rates: their VAT lines (those that name a rate) summed, a "Total taxes" line without a rate left out.
        var rated = vat.Where(v => RateText().IsMatch(v.Line.Text)).ToList();
        if (rated.Select(v => v.Value).Distinct().Count() > 1)
            vatCandidates.Add(rated[^1] with { Value = rated.DistinctBy(v => v.Value).Sum(v => v.Value), Confidence = Below });
        else if (vat.Select(v => v.Value).Distinct().Count() > 1)
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
                if (Labels.NameField().Match(lines[j].Text) is not { Success: true } m) continue;
                var name = m.Groups[1].Value.Trim().Trim(Quotes);
                // A two-line value is centred on its label, so its first line sits above the label's line, alone and
                // aligned with the value ("MVM Musterhafter" / "Name:  Versicherungsverein Musterstadt a.G.").
                if (j - 1 > i && WrappedAbove(lines[j - 1], lines[j], m.Groups[1].Index)) name = lines[j - 1].Text.Trim() + " " + name;
                return (name, lines[j], m.Groups[1].Index);
            }
        }
        return null;
    }

    private static bool WrappedAbove(TextLine above, TextLine line, int valueStart) =>
        above.Page == line.Page && !above.Text.Contains(':', StringComparison.Ordinal) && !above.Text.Contains("  ", StringComparison.Ordinal)
        && above.LeftAt(0) is { } left && line.LeftAt(valueStart) is { } valueLeft && Math.Abs(left - valueLeft) <= Math.Max(1, line.CharWidth);

    private static void Address(IReadOnlyList<TextLine> lines, TextLine nameLine, Adder add)
    {
        var at = lines.ToList().IndexOf(nameLine);
        var parts = lines.Skip(at + 1).Take(2).Where(l => Labels.AddressLine().IsMatch(l.Text)).Select(l => Segment(l.Text, 0).Text).ToList();
        if (parts.Count > 0) add(BillFields.SupplierAddress, string.Join(", ", parts), 0.5m, lines[at + 1], 0, lines[at + 1].Text.Length);
    }

    // The segment around a position: text between column gaps (two spaces) or the separators letterheads string their
    // parts with ("Au bon moulin SARL - 1242 chemin de l'olive - 84340 Malaucène", "Bei Spiel GmbH ● Ecke 12").
    private static (string Text, int Start) Segment(string text, int position)
    {
        var gaps = SegmentGap().Matches(text);
        var start = gaps.LastOrDefault(g => g.Index + g.Length <= position) is { } before ? before.Index + before.Length : 0;
        var end = gaps.FirstOrDefault(g => g.Index >= position) is { } after ? after.Index : text.Length;
        return (text[start..end].Trim().Trim(Quotes), start);
    }

    [GeneratedRegex(@"(?<![\d.,])\d{1,2}(?:[.,]\d{1,2})?\s*%")]
    private static partial Regex RateText();

    [GeneratedRegex(@"\b(?:tva|mwst|ust|vat|iva)\b\s*:?\s*[A-Z]{2}\d{8,12}\b", RegexOptions.IgnoreCase)]
    private static partial Regex VatIdAfterLabel();

    [GeneratedRegex(@"\s{2,}|\s[-–|•●·]\s")]
    private static partial Regex SegmentGap();
}
