namespace Finance.Core.Reconciliation.Engine;

/// <summary>Stages b to d for one line at a time: exact reference or end-to-end id, else scored candidates from the
/// indexes (never all items), else a batch of the counterparty's items. One instance per worker: its buffers are reused.</summary>
internal sealed class LineMatcher(Book book, Dictionary<Guid, int>? itemsById)
{
    private readonly int[] _seen = new int[book.ItemCents.Length];
    private readonly List<int> _candidates = [];
    private readonly List<int> _numberHits = [];
    private readonly List<string> _texts = [];
    private readonly List<Proposal> _scored = [];
    private readonly List<(int Head, int Count)> _postings = [];
    private int _stamp;

    /// <summary>Appends the line's proposals to <paramref name="output"/>, best first.</summary>
    public void Match(in LineFacts line, ReconcileRule? rule, List<Proposal> output)
    {
        if (rule?.Action.Kind == RuleActionKind.AssignToItem) { Assign(line, rule.Action.ItemId, output); return; }
        if (line.Group < 0) return;
        if (Exact(line, output)) return;
        Candidates(line);
        var options = book.Options;
        var keep = options.SuggestionsPerLine + 2;
        _scored.Clear();
        var settles = false;
        foreach (var item in _candidates)
        {
            if (!Scoring.Pair(book, line, item, _numberHits.Contains(item), out var proposal)) continue;
            _scored.Add(proposal);
            settles |= proposal.Fit != AmountFit.Partial && proposal.Score >= 0.5f;
        }
        if (!settles) Batches.Find(book, line, _candidates, _numberHits, _scored);
        _scored.Sort(static (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Item.CompareTo(b.Item));
        for (var k = 0; k < _scored.Count && k < keep; k++) output.Add(_scored[k]);
    }

    private void Assign(in LineFacts line, Guid? itemId, List<Proposal> output)
    {
        if (itemId is not { } id || itemsById is null || !itemsById.TryGetValue(id, out var item)) return;
        // A rule may name any item; it still only settles an item of the line's own company and currency.
        if (line.Group < 0 || book.ItemGroup[item] / 2 != line.Group / 2 || book.ItemCurrency[item] != line.Currency) return;
        var paid = line.Cents;
        var open = book.ItemCents[item];
        var fits = Scoring.Fit(book, paid, line.Charges, open, out var fit, out var writeOff, out var fee);
        output.Add(new Proposal
        {
            Line = line.Index, Item = item, Kind = MatchKind.Rule, Fit = fits ? fit : AmountFit.Exact, Evidence = Evidence.Rule,
            Score = 1f, AppliedCents = fit == AmountFit.Partial ? paid : open, WriteOffCents = writeOff, FeeCents = fee,
        });
    }

    /// <summary>Stage b: an end-to-end id (outgoing) or a valid reference, structured or in the text, that names exactly one item.</summary>
    private bool Exact(in LineFacts line, List<Proposal> output)
    {
        var source = book.Lines[line.Index];
        var index = book.Groups[line.Group];
        if (!string.IsNullOrEmpty(source.EndToEndId) && index.EndToEnd.TryGetValue(source.EndToEndId, out var byId) && byId >= 0
            && book.ItemCurrency[byId] == line.Currency)
        {
            output.Add(ByKey(line, byId, MatchKind.EndToEnd, Evidence.EndToEnd));
            return true;
        }
        Span<char> buffer = stackalloc char[64];
        var length = ReferenceScanner.Normalize(source.Reference, buffer);
        if (length > 0 && index.References.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(buffer[..length], out var item)
            && item >= 0 && book.ItemCurrency[item] == line.Currency)
        {
            output.Add(ByKey(line, item, MatchKind.Reference, Evidence.Reference));
            return true;
        }
        _texts.Clear();
        ReferenceScanner.FindInText(source.RemittanceText, _texts);
        foreach (var found in _texts)
        {
            if (!index.References.TryGetValue(found, out item) || item < 0 || book.ItemCurrency[item] != line.Currency) continue;
            output.Add(ByKey(line, item, MatchKind.Reference, Evidence.ReferenceInText));
            return true;
        }
        return false;
    }

    /// <summary>A key names the item; the amount only decides how it is settled. An overpayment goes to review.</summary>
    private Proposal ByKey(in LineFacts line, int item, MatchKind kind, Evidence key)
    {
        var open = book.ItemCents[item];
        var fits = Scoring.Fit(book, line.Cents, line.Charges, open, out var fit, out var writeOff, out var fee);
        var score = !fits ? 0.80f : fit switch { AmountFit.Exact => 1f, AmountFit.Partial => 0.97f, _ => 0.99f };
        return new Proposal
        {
            Line = line.Index, Item = item, Kind = kind, Fit = fits ? fit : AmountFit.Exact,
            Evidence = key | (fits ? Scoring.AmountEvidence(fit) : Evidence.Overpaid), Score = score,
            AppliedCents = fits && fit == AmountFit.Partial ? line.Cents : open, WriteOffCents = writeOff, FeeCents = fee,
        };
    }

    /// <summary>Stage c's candidate set: invoice numbers in the text, the amount bucket (and amount + charges), the IBAN,
    /// then the rarest name tokens; each source capped so one common amount or name cannot crowd out the others.</summary>
    private void Candidates(in LineFacts line)
    {
        _candidates.Clear();
        _numberHits.Clear();
        if (++_stamp == int.MaxValue) { Array.Clear(_seen); _stamp = 1; }
        var index = book.Groups[line.Group];
        var cap = book.Options.MaxCandidates;
        NumberCandidates(book.Lines[line.Index].RemittanceText, index, line);
        AddChain(index.Amounts.TryGetValue((line.Currency, line.Cents), out var head) ? head : -1, book.NextAmount, cap / 2, line);
        if (line.Charges > 0)
            AddChain(index.Amounts.TryGetValue((line.Currency, line.Cents + line.Charges), out head) ? head : -1, book.NextAmount, cap / 4, line);
        // A known IBAN names the payer: its items are the payer's, names would only add namesakes.
        if (line.Iban is null || !index.Ibans.TryGetValue(line.Iban, out head)) NameCandidates(line, index, cap / 2);
        else AddChain(head, book.NextIban, cap / 2, line);
    }

    private void NameCandidates(in LineFacts line, GroupIndex index, int cap)
    {
        var postings = _postings;
        postings.Clear();
        var tokens = index.Tokens.GetAlternateLookup<ReadOnlySpan<char>>();
        var name = line.Name.AsSpan();
        foreach (var range in name.Split(' '))
            if (tokens.TryGetValue(name[range], out var posting) && posting.Count <= 20 * cap && !postings.Contains(posting)) postings.Add(posting);
        postings.Sort(static (a, b) => a.Count != b.Count ? a.Count.CompareTo(b.Count) : a.Head.CompareTo(b.Head));
        var added = 0;
        foreach (var (first, _) in postings)
            for (var p = first; p >= 0 && added < cap; p = index.TokenNext[p])
                if (Add(index.TokenItem[p], line)) added++;
    }

    private void AddChain(int head, int[] next, int cap, in LineFacts line)
    {
        var added = 0;
        for (var item = head; item >= 0 && added < cap; item = next[item])
            if (Add(item, line)) added++;
    }

    private bool Add(int item, in LineFacts line)
    {
        if (_seen[item] == _stamp || book.ItemCurrency[item] != line.Currency) return false;
        _seen[item] = _stamp;
        _candidates.Add(item);
        return true;
    }

    /// <summary>Words of the text (split at spaces and list punctuation) normalised like invoice numbers, looked up without allocating.</summary>
    private void NumberCandidates(string? text, GroupIndex index, in LineFacts line)
    {
        if (string.IsNullOrEmpty(text)) return;
        var numbers = index.Numbers.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> buffer = stackalloc char[64];
        foreach (var range in text.AsSpan().SplitAny(" ,;:()[]\t\n\r"))
        {
            var word = text.AsSpan(range);
            if (word.Length < 4 || word.Length > buffer.Length) continue;
            var n = Names.Number(word, buffer);
            if (n >= 4 && numbers.TryGetValue(buffer[..n], out var item) && item >= 0 && Add(item, line)) _numberHits.Add(item);
        }
    }
}
