using System.Runtime.InteropServices;

namespace Finance.Core.Reconciliation.Engine;

/// <summary>Builds the <see cref="Book"/>. Inputs arrive as objects scattered over the heap, so every pass over them is a cache
/// miss per object: each is read as few times as possible, into flat arrays. One ordered pass gives ids (company, currency,
/// distinct name, IBAN); the distinct names are normalised in parallel; each group's indexes are built in input order, so
/// chains and duplicate markers never depend on thread timing.</summary>
internal static class BookBuilder
{
    public static Book Build(IReadOnlyList<OpenItem> items, IReadOnlyList<BankLine> lines, ReconcileOptions options)
    {
        var companies = new Dictionary<Guid, int>();
        var currencies = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var ibans = new Dictionary<string, int>(StringComparer.Ordinal);
        var ibanLookup = ibans.GetAlternateLookup<ReadOnlySpan<char>>();
        var n = items.Count;
        var facts = new ItemFacts[n];
        Span<char> buffer = stackalloc char[64];
        for (var i = 0; i < n; i++)
        {
            var item = items[i];
            if (!companies.TryGetValue(item.CompanyId, out var company)) companies.Add(item.CompanyId, company = companies.Count);
            ref var f = ref facts[i];
            f.Group = Book.GroupOf(company, item.Kind);
            f.Currency = Id(currencies, item.Currency);
            f.Cents = Book.ToCents(item.AmountOpen);
            f.Issue = item.IssueDate.DayNumber;
            f.Due = item.DueDate.DayNumber;
            f.Name = Id(names, item.CounterpartyName ?? "");
            f.Iban = -1;
            if (string.IsNullOrWhiteSpace(item.CounterpartyIban)) continue;
            var iban = item.CounterpartyIban.Length <= buffer.Length ? buffer : new char[item.CounterpartyIban.Length];
            var key = iban[..Names.Iban(item.CounterpartyIban, iban)];
            ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(ibanLookup, key, out var exists);
            if (!exists) id = ibans.Count - 1;
            f.Iban = id;
        }

        var distinct = new string[names.Count];
        foreach (var (name, id) in names) distinct[id] = name;
        var normalized = new string[distinct.Length];
        var trigrams = new int[distinct.Length][];
        Parallel.For(0, distinct.Length, k =>
        {
            normalized[k] = Names.Normalize(distinct[k]);
            trigrams[k] = Names.Trigrams(normalized[k]);
        });

        var groups = new GroupIndex[Math.Max(1, companies.Count * 2)];
        var members = new List<int>[groups.Length];
        for (var g = 0; g < groups.Length; g++) (groups[g], members[g]) = (new GroupIndex(), []);
        for (var i = 0; i < n; i++) members[facts[i].Group].Add(i);
        var nextAmount = new int[n];
        var nextIban = new int[n];
        Parallel.For(0, groups.Length, g => Index(groups[g], members[g], items, facts, normalized, nextAmount, nextIban));

        var m = lines.Count;
        var lineGroup = new int[m];
        var lineCurrency = new int[m];
        var lineCents = new long[m];
        var lineCharges = new long[m];
        var lineDay = new int[m];
        Parallel.For(0, m, l =>
        {
            var line = lines[l];
            lineGroup[l] = companies.TryGetValue(line.CompanyId, out var company)
                ? Book.GroupOf(company, line.Amount >= 0 ? OpenItemKind.Receivable : OpenItemKind.Payable)
                : -1;
            lineCurrency[l] = currencies.TryGetValue(line.Currency, out var currency) ? currency : -1;
            lineCents[l] = Book.ToCents(line.Amount);
            lineCharges[l] = Book.ToCents(line.Charges);
            lineDay[l] = line.BookingDate.DayNumber;
        });

        return new Book
        {
            Items = items, Lines = lines, Options = options,
            Facts = facts, NameTrigrams = trigrams, Ibans = ibans,
            LineGroup = lineGroup, LineCurrency = lineCurrency, LineCents = lineCents, LineCharges = lineCharges, LineDay = lineDay,
            NextAmount = nextAmount, NextIban = nextIban,
            Groups = groups,
        };
    }

    /// <summary>One group's indexes, its items in input order.</summary>
    private static void Index(GroupIndex index, List<int> members, IReadOnlyList<OpenItem> items, ItemFacts[] facts, string[] normalized,
        int[] nextAmount, int[] nextIban)
    {
        index.Presize(members.Count);
        var tokens = index.Tokens.GetAlternateLookup<ReadOnlySpan<char>>();
        var tokenItem = new List<int>(members.Count * 3);
        var tokenNext = new List<int>(members.Count * 3);
        Span<char> buffer = stackalloc char[64];
        foreach (var i in members)
        {
            var item = items[i];
            ref readonly var f = ref facts[i];
            if (ReferenceScanner.Normalize(item.Reference, buffer) > 0) GroupIndex.AddUnique(index.References, item.Reference!, i);
            if (!string.IsNullOrEmpty(item.EndToEndId)) GroupIndex.AddUnique(index.EndToEnd, item.EndToEndId, i);
            if (item.Number.AsSpan().ContainsAny(Names.NumberCharacters)) GroupIndex.AddUnique(index.Numbers, item.Number, i);
            nextAmount[i] = Chain(index.Amounts, (f.Currency, f.Cents), i);
            nextIban[i] = f.Iban >= 0 ? Chain(index.Ibans, f.Iban, i) : -1;
            var name = normalized[f.Name].AsSpan();
            foreach (var range in name.Split(' '))
            {
                var token = name[range];
                if (token.Length < 2) continue;
                ref var posting = ref CollectionsMarshal.GetValueRefOrAddDefault(tokens, token, out var exists);
                if (!exists) posting = (-1, 0);
                else if (tokenItem[posting.Head] == i) continue; // the same word twice in one name
                tokenItem.Add(i);
                tokenNext.Add(posting.Head);
                posting = (tokenItem.Count - 1, posting.Count + 1);
            }
        }
        (index.TokenItem, index.TokenNext) = ([.. tokenItem], [.. tokenNext]);
    }

    private static int Id(Dictionary<string, int> ids, string key)
    {
        ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(ids, key, out var exists);
        if (!exists) id = ids.Count - 1;
        return id;
    }

    /// <summary>Pushes <paramref name="item"/> in front of the chain for <paramref name="key"/>; returns the old head.
    /// Chains therefore run from the last item to the first: the order is the input's, reversed, never the hash's.</summary>
    private static int Chain<TKey>(Dictionary<TKey, int> heads, TKey key, int item) where TKey : notnull
    {
        ref var head = ref CollectionsMarshal.GetValueRefOrAddDefault(heads, key, out var exists);
        var next = exists ? head : -1;
        head = item;
        return next;
    }
}
