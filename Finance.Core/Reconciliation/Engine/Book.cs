namespace Finance.Core.Reconciliation.Engine;

/// <summary>The inputs turned into flat arrays (amounts in cents, dates as day numbers, each distinct name normalised once)
/// plus the indexes candidates come from. Arrays of values rather than objects per item keep 1M × 1M within a few GB.</summary>
internal sealed class Book
{
    public required IReadOnlyList<OpenItem> Items { get; init; }
    public required IReadOnlyList<BankLine> Lines { get; init; }
    public required ReconcileOptions Options { get; init; }

    /// <summary>Index i is Items[i]: what scoring reads of an item, side by side, so a candidate costs one cache line, not seven.</summary>
    public required ItemFacts[] Facts { get; init; }

    /// <summary>Trigrams of each distinct counterparty name (<see cref="ItemFacts.Name"/>): a customer with many open items is normalised once.</summary>
    public required int[][] NameTrigrams { get; init; }

    /// <summary>Company id by company, for the lines (<see cref="BookBuilder.ReadLine"/>).</summary>
    public required Dictionary<Guid, int> Companies { get; init; }

    /// <summary>Currency id by ISO code, any case.</summary>
    public required Dictionary<string, int> Currencies { get; init; }

    // Lines: index l is Lines[l], filled as the line is matched. Group -1 when the company has no open items, currency -1
    // when no item has it.
    public required int[] LineGroup { get; init; }
    public required int[] LineCurrency { get; init; }
    public required long[] LineCents { get; init; }
    public required long[] LineCharges { get; init; }
    public required int[] LineDay { get; init; }

    // Posting chains: next item of the same amount / IBAN.
    public required int[] NextAmount { get; init; }
    public required int[] NextIban { get; init; }

    /// <summary>One index per company and kind: a line only ever meets items of its own company and direction.</summary>
    public required GroupIndex[] Groups { get; init; }

    /// <summary>Minor units: every currency the companies use (CHF, EUR, USD, GBP) has two decimals (ISO 4217).</summary>
    public static long ToCents(decimal amount) => (long)decimal.Round(Math.Abs(amount) * 100m, MidpointRounding.AwayFromZero);

    public static decimal FromCents(long cents) => cents / 100m;

    public static int GroupOf(int company, OpenItemKind kind) => company * 2 + (int)kind;

    /// <summary>The write-off limit for an open amount: the smaller of the absolute and the relative threshold.</summary>
    public long WriteOffLimit(long openCents) =>
        Math.Min(ToCents(Options.WriteOffAbsolute), (long)(openCents * Options.WriteOffRelative));
}

/// <summary>One open item as scoring sees it (32 bytes). <see cref="Name"/> indexes <see cref="Book.NameTrigrams"/>;
/// <see cref="Iban"/> identifies the IBAN within the item's group (the first item paid from it), -1 when the item has none.</summary>
internal struct ItemFacts
{
    public long Cents;
    public int Group;
    public int Currency;
    public int Issue;
    public int Due;
    public int Name;
    public int Iban;
}

/// <summary>Indexes of one company's items of one kind. Posting lists are chained through arrays (head here, next in the
/// <see cref="Book"/>'s arrays) so an index costs a dictionary entry per key, not a list per key. References and invoice
/// numbers are keyed by the items' own strings under a normalising comparer: no normalised copy per item is kept.</summary>
internal sealed class GroupIndex
{
    /// <summary>Reference to item; -1 when two items share it (then it proves nothing).</summary>
    public Dictionary<string, int> References { get; } = new(NormalizedKeys.References);

    public Dictionary<string, int> EndToEnd { get; } = new(StringComparer.Ordinal);

    /// <summary>Invoice number to item; -1 when not unique.</summary>
    public Dictionary<string, int> Numbers { get; } = new(NormalizedKeys.Numbers);

    /// <summary>(currency, cents) to the first item of that amount; <see cref="Book.NextAmount"/> chains the rest.</summary>
    public Dictionary<(int Currency, long Cents), int> Amounts { get; } = [];

    /// <summary>Normalised IBAN to its id (<see cref="ItemFacts.Iban"/>) and the last item paid from it; <see cref="Book.NextIban"/> chains the rest.</summary>
    public Dictionary<string, (int First, int Head)> Ibans { get; } = new(StringComparer.Ordinal);

    /// <summary>Name token to its id in <see cref="Postings"/>.</summary>
    public Dictionary<string, int> Tokens { get; } = new(StringComparer.Ordinal);

    /// <summary>By token id: (last occurrence, count); occurrence k is item <see cref="TokenItem"/>[k], the one before it <see cref="TokenNext"/>[k].</summary>
    public (int Head, int Count)[] Postings { get; set; } = [];

    public int[] TokenItem { get; set; } = [];
    public int[] TokenNext { get; set; } = [];

    /// <summary>Sizes the dictionaries for <paramref name="items"/> items up front instead of growing them step by step.</summary>
    public void Presize(int items)
    {
        References.EnsureCapacity(items);
        Numbers.EnsureCapacity(items);
        Amounts.EnsureCapacity(items);
        Ibans.EnsureCapacity(items / 4);
        Tokens.EnsureCapacity(items / 4);
    }

    public static void AddUnique(Dictionary<string, int> index, string key, int item)
    {
        if (!index.TryAdd(key, item)) index[key] = -1;
    }
}
