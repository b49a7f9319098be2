using Finance.Core.Invoicing.QrBill;

namespace Finance.Core.Reconciliation.Engine;

/// <summary>A generated reconciliation case with its known answer: <see cref="Truth"/>[k] lists the items
/// <see cref="Lines"/>[k] pays (empty for noise). <see cref="Rules"/> are the rules a company would keep for it.</summary>
public sealed record SyntheticCase(IReadOnlyList<OpenItem> Items, IReadOnlyList<BankLine> Lines, IReadOnlyList<Guid[]> Truth, IReadOnlyList<ReconcileRule> Rules);

/// <summary>Seeded generator for the reconciliation bench, the property tests and demo data: five companies, CHF and EUR,
/// <c>size</c> open items and <c>size</c> bank lines. Line mix: 55 % exact reference (a fifth of them outgoing payables by
/// end-to-end id), 15 % no or mistyped reference with a garbled name, 8 % partial, 5 % batches of 2–4 invoices,
/// 4 % of lines in 2–3-line splits of one invoice, 3 % with charges deducted, 10 % without counterpart (half of them
/// salaries a rule ignores). Items the lines do not need stay unpaid (about 2 %), partly paid items stay open.</summary>
public static class SyntheticBook
{
    private static readonly DateOnly Today = new(2026, 6, 30);
    private static readonly decimal[] RoundAmounts = [100m, 200m, 250m, 500m, 1000m, 1500m, 2000m];
    private static readonly string[] Texts = ["", "Zahlung", "Payment", "Facture", "Danke", "Paiement", "Überweisung"];

    public static SyntheticCase Generate(int size, int seed) => new Generator(size, seed).Run();

    private sealed record Party(string Name, string Iban);

    private sealed class Generator(int size, int seed)
    {
        private readonly Random _random = new(seed);
        private readonly List<OpenItem> _items = new(size + 16);
        private readonly List<BankLine> _lines = new(size + 16);
        private readonly List<Guid[]> _truth = new(size + 16);
        private Guid[] _companies = [];
        private Party[][] _customers = [];
        private Party[][] _suppliers = [];
        private int _sequence;

        public SyntheticCase Run()
        {
            _companies = [.. Enumerable.Range(0, 5).Select(_ => NewGuid())];
            var perCompany = Math.Max(8, size / 40);
            _customers = [.. _companies.Select(_ => Parties(perCompany))];
            _suppliers = [.. _companies.Select(_ => Parties(Math.Max(4, perCompany / 4)))];
            while (_lines.Count < size)
            {
                var roll = _random.NextDouble();
                if (roll < 0.55) Exact();
                else if (roll < 0.70) Noisy();
                else if (roll < 0.78) Partial();
                else if (roll < 0.83) Batch();
                else if (roll < 0.85) Split(); // a split adds 2.5 lines on average: 4 % of lines
                else if (roll < 0.88) Fee();
                else Noise();
            }
            while (_items.Count < size) Item(_random.Next(5), _random.Next(5) == 0 ? OpenItemKind.Payable : OpenItemKind.Receivable);
            var itemOrder = Shuffled(_items.Count);
            var lineOrder = Shuffled(_lines.Count);
            var salaries = new ReconcileRule("Salaries", new RuleCondition(TextRegex: @"^(Lohn|Salaire|Salary)\b", MaxAmount: 0), new RuleAction(RuleActionKind.Ignore));
            return new SyntheticCase([.. itemOrder.Select(i => _items[i])], [.. lineOrder.Select(l => _lines[l])], [.. lineOrder.Select(l => _truth[l])], [salaries]);
        }

        private void Exact()
        {
            var payable = _random.Next(5) == 0;
            var item = Item(_random.Next(5), payable ? OpenItemKind.Payable : OpenItemKind.Receivable, withReference: true);
            var inText = !payable && _random.Next(10) < 3;
            var reference = payable ? null : Printed(item.Reference!);
            Pay(item.AmountOpen, [item], Garble(item.CounterpartyName, _random.Next(2)), Maybe(item.CounterpartyIban, 7),
                inText ? null : reference, payable ? item.EndToEndId : null, inText ? $"Zahlung {reference}" : Text(item, 0));
        }

        private void Noisy()
        {
            var item = Item(_random.Next(5), _random.Next(5) == 0 ? OpenItemKind.Payable : OpenItemKind.Receivable, withReference: _random.Next(10) < 4);
            var reference = item.Reference is null ? null : Mistyped(item.Reference);
            Pay(item.AmountOpen, [item], Garble(item.CounterpartyName, 1 + _random.Next(3)), Maybe(item.CounterpartyIban, 4), reference, null, Text(item, 3));
        }

        private void Partial()
        {
            var item = Item(_random.Next(5), OpenItemKind.Receivable, withReference: _random.Next(2) == 0);
            var paid = decimal.Round(item.AmountOpen * (decimal)(0.2 + 0.6 * _random.NextDouble()), 2);
            Pay(paid, [item], Garble(item.CounterpartyName, _random.Next(2)), Maybe(item.CounterpartyIban, 7), item.Reference, null, Text(item, 3));
        }

        private void Batch()
        {
            var company = _random.Next(5);
            var party = _customers[company][_random.Next(_customers[company].Length)];
            var currency = Currency();
            var items = Enumerable.Range(0, 2 + _random.Next(3)).Select(_ => Item(company, OpenItemKind.Receivable, party: party, currency: currency)).ToArray();
            var text = _random.Next(2) == 0 ? "Rechnungen " + string.Join(", ", items.Select(i => i.Number)) : Texts[_random.Next(Texts.Length)];
            Pay(items.Sum(i => i.AmountOpen), items, Garble(party.Name, _random.Next(2)), Maybe(party.Iban, 8), null, null, text);
        }

        private void Split()
        {
            var item = Item(_random.Next(5), OpenItemKind.Receivable, withReference: _random.Next(10) < 4);
            var parts = 2 + _random.Next(2);
            var rest = item.AmountOpen;
            for (var k = 0; k < parts; k++)
            {
                var amount = k == parts - 1 ? rest : decimal.Round(rest * (decimal)(0.3 + 0.4 * _random.NextDouble()), 2);
                rest -= amount;
                Pay(amount, [item], Garble(item.CounterpartyName, _random.Next(2)), Maybe(item.CounterpartyIban, 8),
                    item.Reference, null, Text(item, 2), dayOffset: k * _random.Next(5, 15));
            }
        }

        private void Fee()
        {
            var item = Item(_random.Next(5), OpenItemKind.Receivable, withReference: _random.Next(10) < 6);
            var charges = Math.Min(decimal.Round(0.5m + (decimal)_random.NextDouble() * 14.5m, 2), decimal.Round(item.AmountOpen / 2, 2));
            Pay(item.AmountOpen - charges, [item], Garble(item.CounterpartyName, _random.Next(2)), Maybe(item.CounterpartyIban, 8),
                item.Reference, null, Text(item, 2), charges: charges);
        }

        private void Noise()
        {
            var salary = _random.Next(2) == 0;
            var amount = decimal.Round((decimal)(20 + _random.NextDouble() * 8000), 2) * (salary || _random.Next(2) == 0 ? -1 : 1);
            var name = salary ? SyntheticNames.Garble(_random, SyntheticNames.Company(_random), 0) : SyntheticNames.Stranger(_random);
            var text = salary ? $"{(_random.Next(2) == 0 ? "Lohn" : "Salaire")} {Today:MM.yyyy}" : Texts[_random.Next(Texts.Length)];
            AddLine(_random.Next(5), amount, Currency(), Today.AddDays(-_random.Next(120)), name, null, null, null, text, 0, []);
        }

        private void Pay(decimal amount, OpenItem[] items, string name, string? iban, string? reference, string? endToEnd, string text,
            decimal charges = 0, int dayOffset = 0)
        {
            var first = items[0];
            var day = first.DueDate.AddDays(_random.Next(-20, 26) + dayOffset);
            if (day < first.IssueDate) day = first.IssueDate;
            var signed = first.Kind == OpenItemKind.Payable ? -amount : amount;
            AddLine(_companies.AsSpan().IndexOf(first.CompanyId), signed, first.Currency, day, name, iban, reference, endToEnd, text, charges,
                [.. items.Select(i => i.Id)]);
        }

        private void AddLine(int company, decimal amount, string currency, DateOnly day, string name, string? iban, string? reference,
            string? endToEnd, string text, decimal charges, Guid[] truth)
        {
            if (iban is not null && _random.Next(3) == 0) iban = Grouped(iban);
            _lines.Add(new BankLine(NewGuid(), _companies[company], amount, currency, day, name, iban, reference, endToEnd, text, charges));
            _truth.Add(truth);
        }

        private OpenItem Item(int company, OpenItemKind kind, bool withReference = false, Party? party = null, string? currency = null)
        {
            var seq = ++_sequence;
            var parties = kind == OpenItemKind.Payable ? _suppliers[company] : _customers[company];
            // Skewed towards the first parties: a few customers hold many open invoices, as in a real ledger.
            party ??= parties[_random.Next(_random.Next(1, parties.Length + 1))];
            var issue = Today.AddDays(-_random.Next(180));
            var amount = _random.Next(10) == 0 ? RoundAmounts[_random.Next(RoundAmounts.Length)]
                : decimal.Round((decimal)Math.Exp(Math.Log(50) + _random.NextDouble() * Math.Log(400)) * 20) / 20;
            string? reference = null;
            if (kind == OpenItemKind.Receivable && (withReference || _random.Next(2) == 0))
                reference = _random.Next(3) < 2 ? QrReference.Create($"{company + 1}{seq:D10}") : CreditorReference.Create($"INV{seq}");
            var number = kind == OpenItemKind.Payable ? $"F{_random.Next(100_000, 999_999)}-{seq}" : $"RE-{company + 1}{seq:D7}";
            var item = new OpenItem(NewGuid(), _companies[company], kind, number, amount, currency ?? Currency(), issue, issue.AddDays(30),
                reference, party.Name, party.Iban, kind == OpenItemKind.Payable ? $"PR{seq:D9}" : null);
            _items.Add(item);
            return item;
        }

        private Party[] Parties(int count) =>
            [.. Enumerable.Range(0, count).Select(_ => new Party(SyntheticNames.Company(_random), $"CH{_random.Next(10, 99)}{_random.NextInt64(10_000_000_000_000_000, 99_999_999_999_999_999)}"))];

        private string Text(OpenItem item, int numberOneIn) =>
            numberOneIn > 0 && _random.Next(numberOneIn) == 0 ? $"{(_random.Next(2) == 0 ? "Rechnung" : "Invoice")} {item.Number}" : Texts[_random.Next(Texts.Length)];

        private string Printed(string reference) =>
            _random.Next(2) == 0 ? reference : reference.StartsWith("RF", StringComparison.Ordinal) ? CreditorReference.Format(reference) : QrReference.Format(reference);

        /// <summary>One character changed: both check-digit schemes catch every single substitution.</summary>
        private string Mistyped(string reference)
        {
            var at = _random.Next(4, reference.Length);
            var c = reference[at];
            var replacement = char.IsAsciiDigit(c) ? (char)('0' + (c - '0' + 1 + _random.Next(9)) % 10) : (char)('A' + (c - 'A' + 1 + _random.Next(25)) % 26);
            return string.Concat(reference.AsSpan(0, at), replacement.ToString(), reference.AsSpan(at + 1));
        }

        private string Garble(string name, int edits) => SyntheticNames.Garble(_random, name, edits);

        private string? Maybe(string? value, int tenths) => _random.Next(10) < tenths ? value : null;

        private string Currency() => _random.Next(5) == 0 ? "EUR" : "CHF";

        private static string Grouped(string iban) => string.Join(' ', iban.Chunk(4).Select(c => new string(c)));

        private int[] Shuffled(int count)
        {
            var order = Enumerable.Range(0, count).ToArray();
            _random.Shuffle(order);
            return order;
        }

        private Guid NewGuid()
        {
            Span<byte> bytes = stackalloc byte[16];
            _random.NextBytes(bytes);
            return new Guid(bytes);
        }
    }
}
