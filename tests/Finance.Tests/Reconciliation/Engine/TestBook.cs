using Finance.Core.Invoicing.QrBill;
using Finance.Core.Reconciliation.Engine;

namespace Finance.Tests.Reconciliation.Engine;

/// <summary>Hand-made books for the stage tests: one company, CHF, invoices issued 1 May and due 31 May 2026.</summary>
internal sealed class TestBook
{
    public static readonly Guid Company = Guid.Parse("6f1c1a52-0000-4000-8000-000000000001");
    public static readonly DateOnly Issued = new(2026, 5, 1);
    private int _sequence;

    public List<OpenItem> Items { get; } = [];
    public List<BankLine> Lines { get; } = [];
    public List<ReconcileRule> Rules { get; } = [];

    public OpenItem Invoice(decimal amount, string customer = "Müller Bau AG", string? iban = "CH9300762011623852957", string? reference = null)
    {
        var n = ++_sequence;
        var item = new OpenItem(Guid.NewGuid(), Company, OpenItemKind.Receivable, $"RE-2026-{n:D4}", amount, "CHF", Issued, Issued.AddDays(30),
            reference, customer, iban);
        Items.Add(item);
        return item;
    }

    public OpenItem Bill(decimal amount, string supplier, string endToEnd)
    {
        var n = ++_sequence;
        var item = new OpenItem(Guid.NewGuid(), Company, OpenItemKind.Payable, $"F-{n}", amount, "CHF", Issued, Issued.AddDays(30),
            null, supplier, "CH5604835012345678009", endToEnd);
        Items.Add(item);
        return item;
    }

    public static string Qrr(int n) => QrReference.Create($"{n}");

    public BankLine Pay(decimal amount, string? name = "Müller Bau AG", string? iban = null, string? reference = null, string? text = null,
        string? endToEnd = null, decimal charges = 0, int day = 20)
    {
        var line = new BankLine(Guid.NewGuid(), Company, amount, "CHF", new DateOnly(2026, 5, day), name, iban, reference, endToEnd, text, charges);
        Lines.Add(line);
        return line;
    }

    public ReconcileResult Run(ReconcileOptions? options = null) => Reconciler.Reconcile(Items, Lines, Rules, options ?? new ReconcileOptions());
}

internal static class ResultExtensions
{
    public static ReconcileMatch AutoFor(this ReconcileResult result, BankLine line) => Assert.Single(result.AutoConfirmed, m => m.LineId == line.Id);

    public static LineSuggestions SuggestionsFor(this ReconcileResult result, BankLine line) => Assert.Single(result.Suggestions, s => s.LineId == line.Id);

    public static Guid OnlyItem(this ReconcileMatch match) => Assert.Single(match.Allocations).ItemId;

    public static Guid[] ItemIds(this ReconcileMatch match) => [.. match.Allocations.Select(a => a.ItemId)];
}
