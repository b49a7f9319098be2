namespace Finance.Core.Reconciliation.Engine;

/// <summary>Stages b to d for one line at a time: exact reference or end-to-end id, else scored candidates from the
/// indexes (never all items), else a batch of the counterparty's items. One instance per worker: its buffers are reused.</summary>
internal sealed class LineMatcher(Book book, Dictionary<Guid, int>? itemsById)
{
    private readonly CandidateSet _candidates = new();
    private readonly NameSimilarities _similarities = new();
    private readonly List<Range> _references = [];
    private readonly List<Proposal> _scored = [];
    private readonly List<(int Head, int Count)> _postings = [];
    private char[] _name = new char[128];
    private int[] _trigrams = new int[128];
    private char[] _text = new char[256];
    private readonly char[] _iban = new char[64];
    private int _ibanHead;

    /// <summary>Appends line <paramref name="l"/>'s proposals to <paramref name="output"/>, best first. <paramref name="counterparty"/>:
    /// the normalised name a rule says the line comes from, instead of the one the bank shows.</summary>
    public void Match(int l, ReconcileRule? rule, string? counterparty, List<Proposal> output)
    {
        var source = book.Lines[l];
        var name = counterparty is null ? NormalizedName(source.CounterpartyName) : counterparty.AsSpan();
        if (_trigrams.Length < name.Length) _trigrams = new int[name.Length * 2];
        _similarities.NextLine();
        var line = new LineFacts(l, book.LineGroup[l], book.LineCurrency[l], book.LineCents[l], book.LineCharges[l], book.LineDay[l],
            name, _trigrams.AsSpan(0, Names.Trigrams(name, _trigrams)), Iban(book.LineGroup[l], source.CounterpartyIban), _similarities);
        if (rule?.Action.Kind == RuleActionKind.AssignToItem) { Assign(line, rule.Action.ItemId, output); return; }
        if (line.Group < 0) return;
        if (Exact(line, output)) return;
        Candidates(line);
        var options = book.Options;
        var keep = options.SuggestionsPerLine + 2;
        _scored.Clear();
        var settles = false;
        foreach (var item in _candidates.Items)
        {
            if (!Scoring.Pair(book, line, item, _candidates.IsNumbered(item), out var proposal)) continue;
            _scored.Add(proposal);
            settles |= proposal.Fit != AmountFit.Partial && proposal.Score >= 0.5f;
        }
        if (!settles) Batches.Find(book, line, _candidates, _scored);
        _scored.Sort(static (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Item.CompareTo(b.Item));
        for (var k = 0; k < _scored.Count && k < keep; k++) output.Add(_scored[k]);
    }

    private ReadOnlySpan<char> NormalizedName(string? name)
    {
        if (string.IsNullOrEmpty(name)) return [];
        if (_name.Length < name.Length) _name = new char[name.Length * 2];
        return Names.NormalizedFits(name, _name) ? _name.AsSpan(0, Names.Normalize(name, _name)) : Names.Normalize(name);
    }

    /// <summary>The id of the line's IBAN among its group's items' IBANs, -1 when none of them has it (so it names no item);
    /// remembers the head of its chain for <see cref="Candidates"/>.</summary>
    private int Iban(int group, string? iban)
    {
        _ibanHead = -1;
        if (group < 0 || string.IsNullOrWhiteSpace(iban)) return -1;
        var buffer = iban.Length <= _iban.Length ? _iban : new char[iban.Length];
        var key = Names.IsNormalIban(iban) ? iban.AsSpan() : buffer.AsSpan(0, Names.Iban(iban, buffer));
        if (!book.Groups[group].Ibans.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out var entry)) return -1;
        _ibanHead = entry.Head;
        return entry.First;
    }

    private void Assign(in LineFacts line, Guid? itemId, List<Proposal> output)
    {
        if (itemId is not { } id || itemsById is null || !itemsById.TryGetValue(id, out var item)) return;
        // A rule may name any item; it still only settles an item of the line's own company and currency.
        if (line.Group < 0 || book.Facts[item].Group / 2 != line.Group / 2 || book.Facts[item].Currency != line.Currency) return;
        var paid = line.Cents;
        var open = book.Facts[item].Cents;
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
            && book.Facts[byId].Currency == line.Currency)
        {
            output.Add(ByKey(line, byId, MatchKind.EndToEnd, Evidence.EndToEnd));
            return true;
        }
        Span<char> buffer = stackalloc char[64];
        var length = ReferenceScanner.Normalize(source.Reference, buffer);
        var references = index.References.GetAlternateLookup<ReadOnlySpan<char>>();
        if (length > 0 && references.TryGetValue(buffer[..length], out var item) && item >= 0 && book.Facts[item].Currency == line.Currency)
        {
            output.Add(ByKey(line, item, MatchKind.Reference, Evidence.Reference));
            return true;
        }
        var text = source.RemittanceText.AsSpan();
        if (text.IsEmpty) return false;
        if (_text.Length < text.Length) _text = new char[text.Length * 2];
        _references.Clear();
        ReferenceScanner.FindInText(text, _text, _references);
        foreach (var found in _references)
        {
            if (!references.TryGetValue(_text.AsSpan()[found], out item) || item < 0 || book.Facts[item].Currency != line.Currency) continue;
            output.Add(ByKey(line, item, MatchKind.Reference, Evidence.ReferenceInText));
            return true;
        }
        return false;
    }

    /// <summary>A key names the item; the amount only decides how it is settled. An overpayment goes to review.</summary>
    private Proposal ByKey(in LineFacts line, int item, MatchKind kind, Evidence key)
    {
        var open = book.Facts[item].Cents;
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
        _candidates.NextLine();
        var index = book.Groups[line.Group];
        var cap = book.Options.MaxCandidates;
        NumberCandidates(book.Lines[line.Index].RemittanceText, index, line);
        AddChain(index.Amounts.TryGetValue((line.Currency, line.Cents), out var head) ? head : -1, book.NextAmount, cap / 2, line);
        if (line.Charges > 0)
            AddChain(index.Amounts.TryGetValue((line.Currency, line.Cents + line.Charges), out head) ? head : -1, book.NextAmount, cap / 4, line);
        // A known IBAN names the payer: its items are the payer's, names would only add namesakes.
        if (line.Iban < 0) NameCandidates(line, index, cap / 2);
        else AddChain(_ibanHead, book.NextIban, cap / 2, line);
    }

    private void NameCandidates(in LineFacts line, GroupIndex index, int cap)
    {
        var postings = _postings;
        postings.Clear();
        var tokens = index.Tokens.GetAlternateLookup<ReadOnlySpan<char>>();
        var name = line.Name;
        foreach (var range in name.Split(' '))
        {
            if (!tokens.TryGetValue(name[range], out var token)) continue;
            var posting = index.Postings[token];
            if (posting.Count <= 20 * cap && !postings.Contains(posting)) postings.Add(posting);
        }
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

    private bool Add(int item, in LineFacts line) => book.Facts[item].Currency == line.Currency && _candidates.Add(item);

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
            if (n >= 4 && numbers.TryGetValue(buffer[..n], out var item) && item >= 0 && Add(item, line)) _candidates.MarkNumbered(item);
        }
    }
}
