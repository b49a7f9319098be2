namespace Finance.Core.Reconciliation.Engine;

/// <summary>The score of one line against one item: weighted evidence, capped at 1. Without a reference the best
/// a pair can reach is 0.90 (amount, name, IBAN, date), below auto-confirmation: only an invoice number in the text
/// on top of that lifts it over 0.95, because names and amounts repeat and a wrong automatic booking costs more
/// than a review.</summary>
internal static class Scoring
{
    public const float AmountExact = 0.40f, AmountFee = 0.38f, AmountWriteOff = 0.30f, AmountPartial = 0.10f, AmountSum = 0.38f;
    public const float NameWeight = 0.25f, IbanWeight = 0.15f, NumberWeight = 0.25f, DateInWindow = 0.10f, DateNear = 0.05f;

    /// <summary>Below this trigram similarity two names are treated as unrelated.</summary>
    public const double NameFloor = 0.35;

    /// <summary>Fit of a paid amount to an open amount; false when the line pays more than the item (beyond write-off).</summary>
    public static bool Fit(Book book, long paid, long charges, long open, out AmountFit fit, out long writeOff, out long fee)
    {
        (fit, writeOff, fee) = (AmountFit.Exact, 0, 0);
        if (paid == open) return true;
        if (charges > 0 && paid + charges == open) { (fit, fee) = (AmountFit.Fee, charges); return true; }
        var difference = open - paid;
        if (Math.Abs(difference) <= book.WriteOffLimit(open)) { (fit, writeOff) = (AmountFit.WriteOff, difference); return true; }
        if (paid < open) { fit = AmountFit.Partial; return true; }
        return false;
    }

    public static float AmountPoints(AmountFit fit) => fit switch
    {
        AmountFit.Exact => AmountExact,
        AmountFit.Fee => AmountFee,
        AmountFit.WriteOff => AmountWriteOff,
        _ => AmountPartial,
    };

    public static Evidence AmountEvidence(AmountFit fit) => fit switch
    {
        AmountFit.Exact => Evidence.AmountExact,
        AmountFit.Fee => Evidence.AmountFee,
        AmountFit.WriteOff => Evidence.AmountWriteOff,
        _ => Evidence.AmountPartial,
    };

    /// <summary>Paid between a few days before issue (someone pays on the pro-forma) and the window after due.</summary>
    public static (float Points, Evidence Evidence) Date(Book book, int day, int item)
    {
        var window = book.Options.DateWindowDays;
        ref readonly var facts = ref book.Facts[item];
        var early = facts.Issue - window / 5;
        var late = facts.Due + window;
        if (day >= early && day <= late) return (DateInWindow, Evidence.DateInWindow);
        if (day >= early - window && day <= late + window) return (DateNear, Evidence.DateNear);
        return (0, Evidence.None);
    }

    /// <summary>Points for who paid: name similarity and IBAN. Returns the name similarity for reasons.</summary>
    public static float Counterparty(Book book, in LineFacts line, int item, ref Evidence evidence, out float similarity)
    {
        var points = 0f;
        ref readonly var facts = ref book.Facts[item];
        similarity = (float)line.Similarity(book, facts.Name);
        if (similarity >= NameFloor) { points += NameWeight * similarity; evidence |= Evidence.Name; }
        if (line.Iban >= 0 && line.Iban == facts.Iban) { points += IbanWeight; evidence |= Evidence.Iban; }
        return points;
    }

    /// <summary>Scores one line against one item as a single match; false when the amounts cannot fit or the evidence is too thin.</summary>
    public static bool Pair(Book book, in LineFacts line, int item, bool numberInText, out Proposal proposal)
    {
        proposal = default;
        var open = book.Facts[item].Cents;
        if (!Fit(book, line.Cents, line.Charges, open, out var fit, out var writeOff, out var fee)) return false;
        var evidence = AmountEvidence(fit);
        var who = Counterparty(book, line, item, ref evidence, out var similarity);
        var number = numberInText ? NumberWeight : 0f;
        if (numberInText) evidence |= Evidence.Number;
        // A partial payment is only believable when something besides the amount says who pays what.
        if (fit == AmountFit.Partial && who + number < 0.15f) return false;
        var (datePoints, dateEvidence) = Date(book, line.Day, item);
        var score = Math.Min(1f, AmountPoints(fit) + who + number + datePoints);
        if (score < book.Options.MinSuggestionScore) return false;
        proposal = new Proposal
        {
            Line = line.Index, Item = item, Kind = MatchKind.Scored, Fit = fit, Evidence = evidence | dateEvidence, Score = score,
            NameSimilarity = similarity, AppliedCents = fit == AmountFit.Partial ? line.Cents : open,
            WriteOffCents = writeOff, FeeCents = fee,
        };
        return true;
    }
}

/// <summary>A line's normalised facts, computed once per line by the worker that matches it. The name and its trigrams are
/// views of that worker's buffers, hence a ref struct: nothing can keep them past the line. <see cref="Iban"/> is the
/// IBAN id within the line's group (<see cref="ItemFacts.Iban"/>) or -1.</summary>
internal readonly ref struct LineFacts(int index, int group, int currency, long cents, long charges, int day, ReadOnlySpan<char> name,
    ReadOnlySpan<int> trigrams, int iban, NameSimilarities? similarities)
{
    public int Index { get; } = index;
    public int Group { get; } = group;
    public int Currency { get; } = currency;
    public long Cents { get; } = cents;
    public long Charges { get; } = charges;
    public int Day { get; } = day;
    public ReadOnlySpan<char> Name { get; } = name;
    public ReadOnlySpan<int> Trigrams { get; } = trigrams;
    public int Iban { get; } = iban;

    /// <summary>Trigram similarity of the line's name to distinct name <paramref name="name"/>.</summary>
    public double Similarity(Book book, int name) =>
        similarities?.Of(Trigrams, book.NameTrigrams, name) ?? Names.Similarity(Trigrams, book.NameTrigrams[name]);
}

/// <summary>The similarities of one line's name, remembered per distinct name until the next line: a payer's items share
/// their name, and batch search asks again for the candidates scoring already compared. A line meets a few dozen names.</summary>
internal sealed class NameSimilarities
{
    private readonly List<int> _names = [];
    private readonly List<double> _values = [];

    public void NextLine()
    {
        _names.Clear();
        _values.Clear();
    }

    public double Of(ReadOnlySpan<int> trigrams, int[][] nameTrigrams, int name)
    {
        var known = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_names).IndexOf(name);
        if (known >= 0) return _values[known];
        var value = Names.Similarity(trigrams, nameTrigrams[name]);
        _names.Add(name);
        _values.Add(value);
        return value;
    }
}
