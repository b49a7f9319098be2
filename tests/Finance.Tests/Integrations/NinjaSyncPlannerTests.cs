using Finance.Core.Integrations.InvoiceNinja;

namespace Finance.Tests.Integrations;

/// <summary>The conflict rule written on <see cref="NinjaSyncPlanner"/>, case by case.</summary>
public sealed class NinjaSyncPlannerTests
{
    private static readonly DateTimeOffset Cursor = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Before = Cursor.AddDays(-3);
    private static readonly DateTimeOffset After = Cursor.AddHours(5);

    private static NinjaInvoice Theirs(string id, decimal amount, DateTimeOffset updated, string status = "2", bool deleted = false) =>
        new(id, "Wpmbk5ezJn", $"2026-{id}", status, amount, amount, 0m, new DateOnly(2026, 11, 4), null, updated, deleted);

    private static OurNinjaInvoice Ours(string id, decimal amount, DateTimeOffset updated, bool paid = false, NinjaInvoiceStatus status = NinjaInvoiceStatus.Sent) =>
        new(id, updated, amount, status, paid);

    private static NinjaSyncAction Decide(OurNinjaInvoice? ours, NinjaInvoice theirs) => NinjaSyncPlanner.Decide(Cursor, ours, theirs).Action;

    [Fact]
    public void Decide_NewThere_CreateHere() => Assert.Equal(NinjaSyncAction.CreateHere, Decide(null, Theirs("a", 100m, After)));

    [Fact]
    public void Decide_CopiesAgree_SkipEvenIfBothTouched() => Assert.Equal(NinjaSyncAction.Skip, Decide(Ours("a", 100m, After), Theirs("a", 100m, After)));

    [Fact]
    public void Decide_AmountChangedThereOnly_UpdateHere() => Assert.Equal(NinjaSyncAction.UpdateHere, Decide(Ours("a", 100m, Before), Theirs("a", 120m, After)));

    [Fact]
    public void Decide_StatusChangedThere_UpdateHere() =>
        Assert.Equal(NinjaSyncAction.UpdateHere, Decide(Ours("a", 100m, Before), Theirs("a", 100m, After, status: "5")));

    [Fact]
    public void Decide_ChangedHereOnlyNoPayment_InvoiceNinjaWinsUpdateHere() =>
        Assert.Equal(NinjaSyncAction.UpdateHere, Decide(Ours("a", 90m, After), Theirs("a", 100m, Before)));

    [Fact]
    public void Decide_AmountChangedThereButPaymentRecordedHere_Conflict() =>
        Assert.Equal(NinjaSyncAction.Conflict, Decide(Ours("a", 100m, Before, paid: true), Theirs("a", 120m, After)));

    [Fact]
    public void Decide_StatusOnlyChangedThereWithPaymentHere_UpdateHere() =>
        Assert.Equal(NinjaSyncAction.UpdateHere, Decide(Ours("a", 100m, Before, paid: true), Theirs("a", 100m, After, status: "4")));

    [Fact]
    public void Decide_ChangedOnBothSidesSinceCursor_Conflict() =>
        Assert.Equal(NinjaSyncAction.Conflict, Decide(Ours("a", 90m, After), Theirs("a", 120m, After)));

    [Fact]
    public void Plan_PaymentsAndDeletedInvoices_PushOnlyUnpushedAndIgnoreDeleted()
    {
        NinjaPayment Pushed(string ourId, bool deleted = false) =>
            new($"p-{ourId}", "Wpmbk5ezJn", null, 10m, 0m, null, ourId, ourId, null, null, null, [], After, deleted);

        var plan = NinjaSyncPlanner.Plan(
            Cursor,
            [Ours("a", 100m, Before)],
            [Theirs("a", 100m, Before), Theirs("b", 50m, After), Theirs("gone", 70m, After, deleted: true)],
            [new OurNinjaPayment("pay-1", "a", 40m), new OurNinjaPayment("pay-2", "a", 60m), new OurNinjaPayment("pay-3", "b", 50m)],
            [Pushed("pay-1"), Pushed("pay-3", deleted: true)],
            paymentIdCustomField: 1);

        Assert.Equal(
            [("a", NinjaSyncAction.Skip), ("b", NinjaSyncAction.CreateHere), ("pay-1", NinjaSyncAction.Skip), ("pay-2", NinjaSyncAction.PushPaymentThere), ("pay-3", NinjaSyncAction.PushPaymentThere)],
            plan.Select(d => (d.Id, d.Action)));
    }
}
