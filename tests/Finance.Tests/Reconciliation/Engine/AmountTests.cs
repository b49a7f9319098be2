using Finance.Core.Reconciliation.Engine;

namespace Finance.Tests.Reconciliation.Engine;

public sealed class AmountTests
{
    [Fact]
    public void Reconcile_PartialPaymentWithReference_AutoConfirmsPartialLeavingRemainder()
    {
        var book = new TestBook();
        var invoice = book.Invoice(1000m, reference: TestBook.Qrr(42));
        var line = book.Pay(400m, reference: invoice.Reference);

        var match = book.Run().AutoFor(line);

        Assert.Equal((MatchKind.Reference, AmountFit.Partial), (match.Kind, match.Fit));
        Assert.Equal([new Allocation(invoice.Id, 400m)], match.Allocations);
        Assert.Contains("600.00 stays open", string.Join("|", match.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Reconcile_PartialPaymentByNameAndIban_SuggestsPartial()
    {
        var book = new TestBook();
        var invoice = book.Invoice(1000m, customer: "Bernasconi Architektur SA", iban: "CH4431999123000889012");
        book.Invoice(350m, customer: "Gerber Optik GmbH", iban: "CH1000000000000000001");
        var line = book.Pay(250m, name: "Bernasconi Architektur", iban: "CH44 3199 9123 0008 8901 2");

        var top = book.Run().SuggestionsFor(line).Ranked[0];

        Assert.Equal((AmountFit.Partial, invoice.Id), (top.Fit, top.OnlyItem()));
        Assert.Equal(250m, top.Allocations[0].Amount);
    }

    [Fact]
    public void Reconcile_OneLinePayingThreeInvoicesNamedInText_AutoConfirmsBatch()
    {
        var book = new TestBook();
        var a = book.Invoice(120.50m);
        var b = book.Invoice(980m);
        var c = book.Invoice(45.25m);
        book.Invoice(300m);
        var line = book.Pay(1145.75m, text: $"Rechnungen {a.Number}, {b.Number}, {c.Number}");

        var match = book.Run().AutoFor(line);

        Assert.Equal(MatchKind.Batch, match.Kind);
        Assert.Equal(new[] { a.Id, b.Id, c.Id }.Order(), match.ItemIds().Order());
        Assert.Equal(1145.75m, match.Allocations.Sum(x => x.Amount));
    }

    [Fact]
    public void Reconcile_OneLinePayingThreeInvoicesByIbanOnly_SuggestsBatch()
    {
        var book = new TestBook();
        var a = book.Invoice(120.50m);
        var b = book.Invoice(980m);
        var c = book.Invoice(45.25m);
        book.Invoice(300m);
        var line = book.Pay(1145.75m, name: "MUELLER BAU", iban: "CH9300762011623852957");

        var top = book.Run().SuggestionsFor(line).Ranked[0];

        Assert.Equal(MatchKind.Batch, top.Kind);
        Assert.Equal(new[] { a.Id, b.Id, c.Id }.Order(), top.ItemIds().Order());
    }

    [Fact]
    public void Reconcile_TwoLinesPayingOneInvoice_MatchesBothAsSplit()
    {
        var book = new TestBook();
        var invoice = book.Invoice(1500m, customer: "Wyss Treuhand AG", iban: "CH5800791123000889012");
        book.Invoice(900m, customer: "Roth Elektro GmbH", iban: "CH3908704016075473007");
        var first = book.Pay(1000m, name: "Wyss Treuhand AG", iban: "CH5800791123000889012", day: 10);
        var second = book.Pay(500m, name: "wyss treuhand", iban: "CH5800791123000889012", day: 25);

        var result = book.Run();

        foreach (var line in new[] { first, second })
        {
            var top = result.AutoConfirmed.Where(m => m.LineId == line.Id).Concat(result.Suggestions.Where(s => s.LineId == line.Id).Select(s => s.Ranked[0])).Single();
            Assert.Equal((MatchKind.Split, invoice.Id, line.Amount), (top.Kind, top.OnlyItem(), top.Allocations[0].Amount));
        }
    }

    [Fact]
    public void Reconcile_ChargesDeducted_MatchesWithFee()
    {
        var book = new TestBook();
        var invoice = book.Invoice(2000m, reference: TestBook.Qrr(77));
        var line = book.Pay(1987.50m, reference: invoice.Reference, charges: 12.50m);

        var match = book.Run().AutoFor(line);

        Assert.Equal((AmountFit.Fee, 12.50m, 0m), (match.Fit, match.Fee, match.WriteOff));
        Assert.Equal([new Allocation(invoice.Id, 2000m)], match.Allocations);
    }

    [Fact]
    public void Reconcile_ChargesDeductedWithoutReference_SuggestsFeeMatch()
    {
        var book = new TestBook();
        var invoice = book.Invoice(2000m, customer: "Imhof Logistik AG", iban: "CH1700000000000000017");
        book.Invoice(1987.50m, customer: "Jäggi Malerei GmbH", iban: "CH1700000000000000099");
        var line = book.Pay(1987.50m, name: "Imhof Logistik", iban: "CH1700000000000000017", charges: 12.50m);

        var top = book.Run().SuggestionsFor(line).Ranked[0];

        Assert.Equal((AmountFit.Fee, 12.50m, invoice.Id), (top.Fit, top.Fee, top.OnlyItem()));
    }

    [Fact]
    public void Reconcile_ShortByLessThanThreshold_WritesOffDifference()
    {
        var book = new TestBook();
        var invoice = book.Invoice(1000m, reference: TestBook.Qrr(88));
        var line = book.Pay(997m, reference: invoice.Reference);

        var match = book.Run().AutoFor(line);

        Assert.Equal((AmountFit.WriteOff, 3m), (match.Fit, match.WriteOff));
        Assert.Equal(1000m, match.Allocations[0].Amount);
    }

    [Fact]
    public void Reconcile_ShortByMoreThanThreshold_IsPartialNotWriteOff()
    {
        var book = new TestBook();
        var invoice = book.Invoice(1000m, reference: TestBook.Qrr(89));
        var line = book.Pay(994m, reference: invoice.Reference);

        var match = book.Run().AutoFor(line);

        Assert.Equal((AmountFit.Partial, 0m, 994m), (match.Fit, match.WriteOff, match.Allocations[0].Amount));
    }

    [Fact]
    public void Reconcile_WriteOffUnderAbsoluteButOverRelativeThreshold_IsPartial()
    {
        var book = new TestBook();
        var invoice = book.Invoice(100m, reference: TestBook.Qrr(90));
        var line = book.Pay(97m, reference: invoice.Reference);

        Assert.Equal(AmountFit.Partial, book.Run().AutoFor(line).Fit);
    }
}
