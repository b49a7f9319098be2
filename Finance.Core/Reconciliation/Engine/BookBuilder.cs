using System.Runtime.InteropServices;

namespace Finance.Core.Reconciliation.Engine;

/// <summary>Builds the <see cref="Book"/>. Inputs arrive as objects scattered over the heap, so every pass over them costs a
/// cache miss per object: each is read as few times as possible, into flat arrays. Parallel chunks read company, currency
/// and amounts (<see cref="ReadItems"/>); then each group (company and kind) is indexed by one task, its items in input order,
/// so chains, duplicate markers and ids never depend on thread timing. Lines are read by the matching workers (<see cref="ReadLine"/>).</summary>
internal static class BookBuilder
{
    public static Book Build(IReadOnlyList<OpenItem> items, IReadOnlyList<BankLine> lines, ReconcileOptions options)
    {
        var n = items.Count;
        var facts = new ItemFacts[n];
        var (companies, currencies) = ReadItems(items, facts);

        var groups = new GroupIndex[Math.Max(1, companies.Count * 2)];
        var members = new int[groups.Length][];
        var sizes = new int[groups.Length];
        foreach (ref readonly var f in facts.AsSpan()) sizes[f.Group]++;
        for (var g = 0; g < groups.Length; g++) (groups[g], members[g], sizes[g]) = (new GroupIndex(), new int[sizes[g]], 0);
        for (var i = 0; i < n; i++) members[facts[i].Group][sizes[facts[i].Group]++] = i;
        var nextAmount = new int[n];
        var nextIban = new int[n];
        var names = new List<string>[groups.Length];
        Parallel.For(0, groups.Length, g => names[g] = Index(groups[g], members[g], items, facts, nextAmount, nextIban));

        // Name ids were given per group; one table for all, each group's names after the previous group's.
        var offsets = new int[groups.Length];
        for (var g = 1; g < groups.Length; g++) offsets[g] = offsets[g - 1] + names[g - 1].Count;
        var trigrams = new int[offsets[^1] + names[^1].Count][];
        Parallel.For(0, groups.Length, g =>
        {
            for (var k = 0; k < names[g].Count; k++) trigrams[offsets[g] + k] = Names.Trigrams(names[g][k]);
            foreach (var i in members[g]) facts[i].Name += offsets[g];
        });

        var m = lines.Count;
        return new Book
        {
            Items = items, Lines = lines, Options = options, Companies = companies, Currencies = currencies,
            Facts = facts, NameTrigrams = trigrams,
            LineGroup = new int[m], LineCurrency = new int[m], LineCents = new long[m], LineCharges = new long[m], LineDay = new int[m],
            NextAmount = nextAmount, NextIban = nextIban,
            Groups = groups,
        };
    }

    /// <summary>Amounts, dates, company and currency of every item, in parallel chunks. Each chunk numbers the companies and
    /// currencies it meets; the numbers are then made global in order of first appearance, which is what one ordered pass
    /// would have given. Returns the company and currency ids.</summary>
    private static (Dictionary<Guid, int> Companies, Dictionary<string, int> Currencies) ReadItems(IReadOnlyList<OpenItem> items, ItemFacts[] facts)
    {
        const int ChunkSize = 16_384;
        var chunks = (items.Count + ChunkSize - 1) / ChunkSize;
        var met = new (List<Guid> Companies, List<string> Currencies)[chunks];
        Parallel.For(0, chunks, c =>
        {
            var companies = new Dictionary<Guid, int>();
            var currencies = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            met[c] = ([], []);
            for (var i = c * ChunkSize; i < Math.Min(items.Count, (c + 1) * ChunkSize); i++)
            {
                var item = items[i];
                facts[i] = new ItemFacts
                {
                    Cents = Book.ToCents(item.AmountOpen), Group = Book.GroupOf(Id(companies, met[c].Companies, item.CompanyId), item.Kind),
                    Currency = Id(currencies, met[c].Currencies, item.Currency), Issue = item.IssueDate.DayNumber, Due = item.DueDate.DayNumber,
                };
            }
        });
        var allCompanies = new Dictionary<Guid, int>();
        var allCurrencies = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var companyOf = new int[chunks][];
        var currencyOf = new int[chunks][];
        for (var c = 0; c < chunks; c++)
        {
            companyOf[c] = [.. met[c].Companies.Select(company => Id(allCompanies, null, company))];
            currencyOf[c] = [.. met[c].Currencies.Select(currency => Id(allCurrencies, null, currency))];
        }
        Parallel.For(0, chunks, c =>
        {
            foreach (ref var f in facts.AsSpan(c * ChunkSize, Math.Min(items.Count, (c + 1) * ChunkSize) - c * ChunkSize))
            {
                f.Group = Book.GroupOf(companyOf[c][f.Group / 2], (OpenItemKind)(f.Group % 2));
                f.Currency = currencyOf[c][f.Currency];
            }
        });
        return (allCompanies, allCurrencies);
    }

    private static int Id<TKey>(Dictionary<TKey, int> ids, List<TKey>? order, TKey key) where TKey : notnull
    {
        ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(ids, key, out var exists);
        if (!exists)
        {
            id = ids.Count - 1;
            order?.Add(key);
        }
        return id;
    }

    /// <summary>Fills line <paramref name="l"/>'s entries in the book's line arrays; called once per line, by the worker that matches it.</summary>
    public static void ReadLine(Book book, int l)
    {
        var line = book.Lines[l];
        book.LineGroup[l] = book.Companies.TryGetValue(line.CompanyId, out var company)
            ? Book.GroupOf(company, line.Amount >= 0 ? OpenItemKind.Receivable : OpenItemKind.Payable)
            : -1;
        book.LineCurrency[l] = book.Currencies.TryGetValue(line.Currency, out var currency) ? currency : -1;
        book.LineCents[l] = Book.ToCents(line.Amount);
        book.LineCharges[l] = Book.ToCents(line.Charges);
        book.LineDay[l] = line.BookingDate.DayNumber;
    }

    /// <summary>One group's indexes, its items in input order. Returns the group's distinct counterparty names, normalised;
    /// <see cref="ItemFacts.Name"/> is set to the position in that list.</summary>
    private static List<string> Index(GroupIndex index, int[] members, IReadOnlyList<OpenItem> items, ItemFacts[] facts,
        int[] nextAmount, int[] nextIban)
    {
        index.Presize(members.Length);
        var tokenItem = new List<int>(members.Length * 3);
        var tokenNext = new List<int>(members.Length * 3);
        var postings = new List<(int Head, int Count)>();
        var nameIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        var nameTokens = new List<int[]>();
        Span<char> buffer = stackalloc char[64];
        foreach (var i in members)
        {
            var item = items[i];
            ref var f = ref facts[i];
            if (ReferenceScanner.Normalize(item.Reference, buffer) > 0) GroupIndex.AddUnique(index.References, item.Reference!, i);
            if (!string.IsNullOrEmpty(item.EndToEndId)) GroupIndex.AddUnique(index.EndToEnd, item.EndToEndId, i);
            if (item.Number.AsSpan().ContainsAny(Names.NumberCharacters)) GroupIndex.AddUnique(index.Numbers, item.Number, i);
            nextAmount[i] = Chain(index.Amounts, (f.Currency, f.Cents), i);
            (f.Iban, nextIban[i]) = Iban(index, item.CounterpartyIban, i);

            ref var name = ref CollectionsMarshal.GetValueRefOrAddDefault(nameIds, item.CounterpartyName ?? "", out var known);
            if (!known)
            {
                name = names.Count;
                names.Add(Names.Normalize(item.CounterpartyName));
                nameTokens.Add(TokenIds(index, postings, names[name]));
            }
            f.Name = name;
            foreach (var token in nameTokens[name])
            {
                ref var posting = ref CollectionsMarshal.AsSpan(postings)[token];
                tokenItem.Add(i);
                tokenNext.Add(posting.Head);
                posting = (tokenItem.Count - 1, posting.Count + 1);
            }
        }
        (index.TokenItem, index.TokenNext, index.Postings) = ([.. tokenItem], [.. tokenNext], [.. postings]);
        return names;
    }

    /// <summary>Ids of the words of a normalised name worth indexing (two letters or more), each once, in order; a new word
    /// gets the next id and an empty posting.</summary>
    private static int[] TokenIds(GroupIndex index, List<(int Head, int Count)> postings, string normalized)
    {
        var tokens = index.Tokens.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<int> ids = normalized.Length <= 768 ? stackalloc int[normalized.Length / 3 + 1] : new int[normalized.Length / 3 + 1];
        var count = 0;
        foreach (var range in normalized.AsSpan().Split(' '))
        {
            var token = normalized.AsSpan(range);
            if (token.Length < 2) continue;
            ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(tokens, token, out var exists);
            if (!exists)
            {
                id = postings.Count;
                postings.Add((-1, 0));
            }
            if (!ids[..count].Contains(id)) ids[count++] = id; // the same word twice in one name
        }
        return ids[..count].ToArray();
    }

    /// <summary>Chains the item under its IBAN; returns the IBAN's id in the group (its first item) and the next item of the chain.</summary>
    private static (int Id, int Next) Iban(GroupIndex index, string? iban, int item)
    {
        if (string.IsNullOrWhiteSpace(iban)) return (-1, -1);
        Span<char> buffer = iban.Length <= 64 ? stackalloc char[iban.Length] : new char[iban.Length];
        var normal = Names.IsNormalIban(iban);
        ref var entry = ref normal
            ? ref CollectionsMarshal.GetValueRefOrAddDefault(index.Ibans, iban, out var exists)
            : ref CollectionsMarshal.GetValueRefOrAddDefault(index.Ibans.GetAlternateLookup<ReadOnlySpan<char>>(), buffer[..Names.Iban(iban, buffer)], out exists);
        var next = exists ? entry.Head : -1;
        entry = (exists ? entry.First : item, item);
        return (entry.First, next);
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
