using Finance.Core.Invoicing.QrBill;
using Finance.Core.Reconciliation.Engine;

namespace Finance.Tests.Reconciliation.Engine;

public sealed class ExactKeyTests
{
    [Fact]
    public void Reconcile_StructuredQrReference_AutoConfirmsExact()
    {
        var book = new TestBook();
        var invoice = book.Invoice(1949.75m, reference: TestBook.Qrr(313947));
        book.Invoice(1949.75m, customer: "Keller Garage GmbH", reference: TestBook.Qrr(313948));
        var line = book.Pay(1949.75m, name: "K. Someone", reference: QrReference.Format(invoice.Reference!));

        var match = book.Run().AutoFor(line);

        Assert.Equal((MatchKind.Reference, AmountFit.Exact, 1.0), (match.Kind, match.Fit, match.Score));
        Assert.Equal([new Allocation(invoice.Id, 1949.75m)], match.Allocations);
        Assert.Contains(match.Reasons, r => r.Contains("structured reference", StringComparison.Ordinal));
    }

    [Fact]
    public void Reconcile_CreditorReferenceInTextWithSpaces_AutoConfirms()
    {
        var book = new TestBook();
        var invoice = book.Invoice(500m, reference: CreditorReference.Create("INV4711"));
        book.Invoice(500m);
        var line = book.Pay(500m, name: null, text: $"Zahlung {CreditorReference.Format(invoice.Reference!).ToLowerInvariant()} danke");

        var match = book.Run().AutoFor(line);

        Assert.Equal(MatchKind.Reference, match.Kind);
        Assert.Equal([invoice.Id], match.ItemIds());
        Assert.Contains(match.Reasons, r => r.Contains("remittance text", StringComparison.Ordinal));
    }

    [Fact]
    public void Reconcile_MistypedReferenceButAmountAndName_SuggestsWithoutConfirming()
    {
        var book = new TestBook();
        var invoice = book.Invoice(812.40m, customer: "Favre Menuiserie Sàrl", reference: TestBook.Qrr(5550001));
        book.Invoice(640m, customer: "Rochat Transport SA");
        var wrong = string.Concat(invoice.Reference![..10], invoice.Reference[10] == '9' ? "8" : "9", invoice.Reference[11..]);
        var line = book.Pay(812.40m, name: "FAVRE MENUISERIE", reference: wrong);

        var result = book.Run();

        Assert.Empty(result.AutoConfirmed);
        var top = result.SuggestionsFor(line).Ranked[0];
        Assert.Equal((MatchKind.Scored, invoice.Id), (top.Kind, top.OnlyItem()));
        Assert.InRange(top.Score, 0.5, 0.95);
    }

    [Fact]
    public void Reconcile_OutgoingLineWithEndToEndId_AutoConfirmsPayable()
    {
        var book = new TestBook();
        var bill = book.Bill(2300m, "Swisscom AG", "PR-2026-05-0007");
        book.Bill(2300m, "Swisscom AG", "PR-2026-05-0008");
        var line = book.Pay(-2300m, name: "Swisscom (Schweiz) AG", endToEnd: "PR-2026-05-0007");

        var match = book.Run().AutoFor(line);

        Assert.Equal((MatchKind.EndToEnd, bill.Id), (match.Kind, match.OnlyItem()));
    }

    [Fact]
    public void Reconcile_IncomingLineWithPayableEndToEndId_DoesNotMatchPayable()
    {
        var book = new TestBook();
        book.Bill(2300m, "Swisscom AG", "PR-2026-05-0007");
        var line = book.Pay(2300m, name: "Swisscom AG", endToEnd: "PR-2026-05-0007");

        var result = book.Run();

        Assert.Equal([line.Id], result.Unmatched);
    }
}
