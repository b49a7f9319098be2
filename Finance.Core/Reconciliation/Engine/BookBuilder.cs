using System.Runtime.InteropServices;

namespace Finance.Core.Reconciliation.Engine;

/// <summary>Builds the <see cref="Book"/>: normalisation in parallel (it is most of the set-up cost), indexes in one
/// ordered pass so chains and duplicate markers do not depend on thread timing.</summary>
internal static class BookBuilder
{
    public static Book Build(IReadOnlyList<OpenItem> items, IReadOnlyList<BankLine> lines, ReconcileOptions options)
    {
        var companies = new Dictionary<Guid, int>();
        var currencies = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        int n = items.Count, m = lines.Count;
        var itemGroup = new int[n];
        var itemCurrency = new int[n];
        var itemCents = new long[n];
        var itemIssue = new int[n];
        var itemDue = new int[n];
        for (var i = 0; i < n; i++)
        {
            var item = items[i];
            if (!companies.TryGetValue(item.CompanyId, out var company)) companies.Add(item.CompanyId, company = companies.Count);
            itemGroup[i] = Book.GroupOf(company, item.Kind);
            itemCurrency[i] = CurrencyOf(currencies, item.Currency);
            itemCents[i] = Book.ToCents(item.AmountOpen);
            itemIssue[i] = item.IssueDate.DayNumber;
            itemDue[i] = item.DueDate.DayNumber;
        }
        var lineGroup = new int[m];
        var lineCurrency = new int[m];
        var lineCents = new long[m];
        var lineCharges = new long[m];
        var lineDay = new int[m];
        for (var l = 0; l < m; l++)
        {
            var line = lines[l];
            lineGroup[l] = companies.TryGetValue(line.CompanyId, out var company)
                ? Book.GroupOf(company, line.Amount >= 0 ? OpenItemKind.Receivable : OpenItemKind.Payable)
                : -1;
            lineCurrency[l] = CurrencyOf(currencies, line.Currency);
            lineCents[l] = Book.ToCents(line.Amount);
            lineCharges[l] = Book.ToCents(line.Charges);
            lineDay[l] = line.BookingDate.DayNumber;
        }

        var normalized = new string[n];
        var trigrams = new int[n][];
        var ibans = new string?[n];
        var numbers = new string[n];
        var references = new string?[n];
        Parallel.For(0, n, i =>
        {
            var item = items[i];
            normalized[i] = Names.Normalize(item.CounterpartyName);
            trigrams[i] = Names.Trigrams(normalized[i]);
            ibans[i] = Names.Iban(item.CounterpartyIban);
            numbers[i] = Names.Number(item.Number);
            references[i] = ReferenceScanner.Normalize(item.Reference);
        });

        var groups = new GroupIndex[Math.Max(1, companies.Count * 2)];
        var members = new List<int>[groups.Length];
        for (var g = 0; g < groups.Length; g++) (groups[g], members[g]) = (new GroupIndex(), []);
        for (var i = 0; i < n; i++) members[itemGroup[i]].Add(i);
        var nextAmount = new int[n];
        var nextIban = new int[n];
        // One group per task, its items in input order: chains and duplicate markers come out the same on every run.
        Parallel.For(0, groups.Length, g =>
        {
            var index = groups[g];
            index.Presize(members[g].Count);
            var tokens = index.Tokens.GetAlternateLookup<ReadOnlySpan<char>>();
            var tokenItem = new List<int>(members[g].Count * 3);
            var tokenNext = new List<int>(members[g].Count * 3);
            foreach (var i in members[g])
            {
                var item = items[i];
                if (references[i] is { } reference) GroupIndex.AddUnique(index.References, reference, i);
                if (!string.IsNullOrEmpty(item.EndToEndId)) GroupIndex.AddUnique(index.EndToEnd, item.EndToEndId, i);
                if (numbers[i].Length > 0) GroupIndex.AddUnique(index.Numbers, numbers[i], i);
                nextAmount[i] = Chain(index.Amounts, (itemCurrency[i], itemCents[i]), i);
                nextIban[i] = ibans[i] is { } iban ? Chain(index.Ibans, iban, i) : -1;
                var name = normalized[i].AsSpan();
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
        });

        return new Book
        {
            Items = items, Lines = lines, Options = options,
            ItemGroup = itemGroup, ItemCurrency = itemCurrency, ItemCents = itemCents, ItemIssue = itemIssue, ItemDue = itemDue,
            ItemTrigrams = trigrams, ItemIban = ibans, ItemNumber = numbers,
            LineGroup = lineGroup, LineCurrency = lineCurrency, LineCents = lineCents, LineCharges = lineCharges, LineDay = lineDay,
            NextAmount = nextAmount, NextIban = nextIban,
            Groups = groups,
        };
    }

    private static int CurrencyOf(Dictionary<string, int> currencies, string currency)
    {
        if (!currencies.TryGetValue(currency, out var index)) currencies.Add(currency, index = currencies.Count);
        return index;
    }

    /// <summary>Pushes <paramref name="item"/> in front of the chain for <paramref name="key"/>; returns the old head.
    /// Chains therefore run from the last item to the first: the order is the input's, reversed, never the hash's.</summary>
    private static int Chain<TKey>(Dictionary<TKey, int> heads, TKey key, int item) where TKey : notnull
    {
        var next = heads.TryGetValue(key, out var head) ? head : -1;
        heads[key] = item;
        return next;
    }
}
