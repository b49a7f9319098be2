namespace Finance.Core.Reconciliation.Engine;

/// <summary>The inputs turned into flat arrays (amounts in cents, dates as day numbers, names normalised once) plus the
/// indexes candidates come from. Arrays of values rather than objects per item keep 1M × 1M within a few GB.</summary>
internal sealed class Book
{
    public required IReadOnlyList<OpenItem> Items { get; init; }
    public required IReadOnlyList<BankLine> Lines { get; init; }
    public required ReconcileOptions Options { get; init; }

    // Items: index i is Items[i].
    public required int[] ItemGroup { get; init; }
    public required int[] ItemCurrency { get; init; }
    public required long[] ItemCents { get; init; }
    public required int[] ItemIssue { get; init; }
    public required int[] ItemDue { get; init; }
    public required int[][] ItemTrigrams { get; init; }
    public required string?[] ItemIban { get; init; }
    public required string[] ItemNumber { get; init; }

    // Lines: index l is Lines[l]. Group -1 when the company has no open items.
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

/// <summary>Indexes of one company's items of one kind. Posting lists are chained through arrays (head here, next in the
/// <see cref="Book"/>'s arrays) so an index costs a dictionary entry per key, not a list per key.</summary>
internal sealed class GroupIndex
{
    /// <summary>Normalised reference to item; -1 when two items share it (then it proves nothing).</summary>
    public Dictionary<string, int> References { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> EndToEnd { get; } = new(StringComparer.Ordinal);

    /// <summary>Normalised invoice number to item; -1 when not unique.</summary>
    public Dictionary<string, int> Numbers { get; } = new(StringComparer.Ordinal);

    /// <summary>(currency, cents) to the first item of that amount; <see cref="Book.NextAmount"/> chains the rest.</summary>
    public Dictionary<(int Currency, long Cents), int> Amounts { get; } = [];

    public Dictionary<string, int> Ibans { get; } = new(StringComparer.Ordinal);

    /// <summary>Name token to (first occurrence, count); occurrence k is item <see cref="TokenItem"/>[k], the next one <see cref="TokenNext"/>[k].</summary>
    public Dictionary<string, (int Head, int Count)> Tokens { get; } = new(StringComparer.Ordinal);

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
