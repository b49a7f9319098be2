using Finance.Core.Reconciliation.Engine;

namespace Finance.Tests.Reconciliation.Engine;

public sealed class AssignmentTests
{
    [Fact]
    public void Reconcile_TwoIdenticalInvoices_SendsLineToReviewWithBoth()
    {
        var book = new TestBook();
        var first = book.Invoice(250m, customer: "Moser Gärtnerei AG");
        var second = book.Invoice(250m, customer: "Moser Gärtnerei AG");
        var line = book.Pay(250m, name: "Moser Gärtnerei AG", iban: "CH9300762011623852957", text: "Abo");

        var result = book.Run();

        Assert.Empty(result.AutoConfirmed);
        var ranked = result.SuggestionsFor(line).Ranked;
        Assert.Equal(new[] { first.Id, second.Id }.Order(), ranked.Take(2).SelectMany(m => m.ItemIds()).Order());
        Assert.Equal(ranked[0].Score, ranked[1].Score);
    }

    [Fact]
    public void Reconcile_TwoLinesForOneFullInvoice_ConfirmsNeitherAndUsesItemOnce()
    {
        var book = new TestBook();
        var invoice = book.Invoice(700m, reference: TestBook.Qrr(700));
        var first = book.Pay(700m, reference: invoice.Reference);
        var second = book.Pay(700m, reference: invoice.Reference, day: 21);

        var result = book.Run();

        Assert.Empty(result.AutoConfirmed);
        var reserved = new[] { first, second }.Select(l => result.SuggestionsFor(l).Ranked[0]).ToArray();
        Assert.All(reserved, m => Assert.Equal([invoice.Id], m.ItemIds()));
    }

    [Fact]
    public void Reconcile_InvoiceNumberAmountAndName_AutoConfirmsWithoutReference()
    {
        var book = new TestBook();
        var invoice = book.Invoice(1234.55m, customer: "Käser Fromagerie Sàrl");
        book.Invoice(1234.55m, customer: "Käser Fromagerie Sàrl");
        var line = book.Pay(1234.55m, name: "Kaeser Fromagerie", text: $"Facture {invoice.Number}");

        var match = book.Run().AutoFor(line);

        Assert.Equal((MatchKind.Scored, invoice.Id), (match.Kind, match.OnlyItem()));
    }

    [Fact]
    public void Reconcile_OtherCompanysInvoice_IsNeverACandidate()
    {
        var book = new TestBook();
        var invoice = book.Invoice(640m, reference: TestBook.Qrr(640));
        var line = new BankLine(Guid.NewGuid(), Guid.NewGuid(), 640m, "CHF", new DateOnly(2026, 5, 20), invoice.CounterpartyName, invoice.CounterpartyIban,
            invoice.Reference, null, null);
        book.Lines.Add(line);

        Assert.Equal([line.Id], book.Run().Unmatched);
    }

    [Fact]
    public void Reconcile_SameInputTwice_GivesIdenticalResults()
    {
        var generated = SyntheticBook.Generate(6_000, 11);

        var first = Describe(Reconciler.Reconcile(generated.Items, generated.Lines, generated.Rules, new ReconcileOptions()));
        var second = Describe(Reconciler.Reconcile(generated.Items, generated.Lines, generated.Rules, new ReconcileOptions()));

        Assert.Equal(first, second);
        Assert.True(first.Length > 6_000);
    }

    private static string[] Describe(ReconcileResult result) =>
    [
        .. result.AutoConfirmed.Select(Describe),
        .. result.Suggestions.SelectMany(s => s.Ranked.Select(m => "?" + Describe(m))),
        .. result.Unmatched.Select(id => $"-{id}"),
        .. result.RuleOutcomes.Select(o => $"!{o}"),
    ];

    private static string Describe(ReconcileMatch m) =>
        $"{m.LineId} {m.Kind} {m.Fit} {m.Score} {m.WriteOff} {m.Fee} {string.Join(',', m.Allocations)} {string.Join('|', m.Reasons)}";
}
