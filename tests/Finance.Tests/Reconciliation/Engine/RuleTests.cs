using Finance.Core.Reconciliation.Engine;

namespace Finance.Tests.Reconciliation.Engine;

public sealed class RuleTests
{
    [Fact]
    public void Reconcile_IgnoreRuleOnText_LeavesLineOutOfMatching()
    {
        var book = new TestBook();
        book.Invoice(5000m);
        var transfer = book.Pay(5000m, text: "Übertrag Sparkonto");
        book.Rules.Add(new ReconcileRule("Internal transfers", new RuleCondition(TextContains: "übertrag"), new RuleAction(RuleActionKind.Ignore)));

        var result = book.Run();

        Assert.Equal([new RuleOutcome(transfer.Id, "Internal transfers", RuleActionKind.Ignore)], result.RuleOutcomes);
        Assert.Empty(result.AutoConfirmed);
        Assert.Empty(result.Suggestions);
        Assert.Empty(result.Unmatched);
    }

    [Fact]
    public void Reconcile_RegexRuleWithAmountRange_IgnoresOnlyOutgoingSalaries()
    {
        var book = new TestBook();
        var salary = book.Pay(-6200m, name: "Anna Meier", text: "Lohn 05.2026");
        var refund = book.Pay(6200m, name: "Anna Meier", text: "Lohn 05.2026 zurück");
        book.Rules.Add(new ReconcileRule("Salaries", new RuleCondition(TextRegex: @"^(lohn|salaire)\s+\d{2}\.\d{4}", MaxAmount: 0),
            new RuleAction(RuleActionKind.Ignore)));

        var result = book.Run();

        Assert.Equal([salary.Id], result.RuleOutcomes.Select(o => o.LineId));
        Assert.Equal([refund.Id], result.Unmatched);
    }

    [Fact]
    public void Reconcile_RegexNeedingBacktracking_StillApplies()
    {
        var book = new TestBook();
        var line = book.Pay(-12m, name: "UBS", text: "Gebühr Gebühr Kontoführung");
        book.Rules.Add(new ReconcileRule("Fees", new RuleCondition(TextRegex: @"(\w+) \1"), new RuleAction(RuleActionKind.BookAsBankFee)));

        Assert.Equal([new RuleOutcome(line.Id, "Fees", RuleActionKind.BookAsBankFee)], book.Run().RuleOutcomes);
    }

    [Fact]
    public void Reconcile_AssignToItemRule_AutoConfirmsThatItem()
    {
        var book = new TestBook();
        book.Invoice(800m, customer: "Huber Café GmbH");
        var target = book.Invoice(800m, customer: "Zürcher Pharma AG");
        var line = book.Pay(800m, name: "Factoring Partner AG", text: "Abtretung 2026/17");
        book.Rules.Add(new ReconcileRule("Factoring", new RuleCondition(TextContains: "Abtretung 2026/17"),
            new RuleAction(RuleActionKind.AssignToItem, ItemId: target.Id)));

        var match = book.Run().AutoFor(line);

        Assert.Equal((MatchKind.Rule, target.Id), (match.Kind, match.OnlyItem()));
        Assert.Contains("rule 'Factoring'", match.Reasons);
    }

    [Fact]
    public void Reconcile_AssignToItemRuleForOtherCompanysLine_DoesNotSettleIt()
    {
        var book = new TestBook();
        var target = book.Invoice(800m);
        var line = new BankLine(Guid.NewGuid(), Guid.NewGuid(), 800m, "CHF", new DateOnly(2026, 5, 20), "Factoring Partner AG", null, null, null, "Abtretung 17");
        book.Lines.Add(line);
        book.Rules.Add(new ReconcileRule("Factoring", new RuleCondition(TextContains: "Abtretung 17"), new RuleAction(RuleActionKind.AssignToItem, ItemId: target.Id)));

        Assert.Equal([line.Id], book.Run().Unmatched);
    }

    [Fact]
    public void Reconcile_AssignToCounterpartyRule_MatchesThatCounterpartysInvoice()
    {
        var book = new TestBook();
        book.Invoice(800m, customer: "Huber Café GmbH", iban: null);
        var target = book.Invoice(800m, customer: "Zürcher Pharma AG", iban: null);
        var line = book.Pay(800m, name: "Holding ZP Beteiligungen");
        book.Rules.Add(new ReconcileRule("Parent pays", new RuleCondition(CounterpartyContains: "holding zp"),
            new RuleAction(RuleActionKind.AssignToCounterparty, Counterparty: "Zürcher Pharma AG")));

        var top = book.Run().SuggestionsFor(line).Ranked[0];

        Assert.Equal([target.Id], top.ItemIds());
    }

    [Fact]
    public void Reconcile_ForceReviewRule_KeepsSureMatchInReview()
    {
        var book = new TestBook();
        var invoice = book.Invoice(300m, reference: TestBook.Qrr(5));
        var line = book.Pay(300m, reference: invoice.Reference, name: "Gisler Studio");
        book.Rules.Add(new ReconcileRule("Check Gisler", new RuleCondition(CounterpartyContains: "gisler"), new RuleAction(RuleActionKind.ForceReview)));

        var result = book.Run();

        Assert.Empty(result.AutoConfirmed);
        var review = result.SuggestionsFor(line);
        Assert.True(review.ForcedReview);
        Assert.Equal([invoice.Id], review.Ranked[0].ItemIds());
    }
}
