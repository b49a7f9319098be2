namespace Finance.Core.Invoicing;

public sealed record ComputedLine(int Position, string Description, decimal Quantity, decimal UnitPrice, decimal DiscountPercent, decimal VatRate, decimal Amount);

public sealed record VatTotal(decimal Rate, decimal Net, decimal Vat);

public sealed record InvoiceAmounts(IReadOnlyList<ComputedLine> Lines, IReadOnlyList<VatTotal> VatTotals, decimal NetTotal, decimal VatTotal, decimal Rounding, decimal Total);

/// <summary>Invoice arithmetic in decimal, Swiss commercial rounding (half away from zero):
/// each line to 0.01; VAT per rate on the net of that rate, to 0.01 (ESTV MWST-Info 16: per rate, not per line);
/// optionally the total to 0.05 CHF (the smallest coin), the difference shown as its own rounding amount.</summary>
public static class InvoiceCalculator
{
    public static decimal Round2(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);

    public static decimal Round05(decimal value) => decimal.Round(value * 20m, 0, MidpointRounding.AwayFromZero) / 20m;

    /// <param name="lines">Already validated lines.</param>
    /// <param name="cashRounding">Round the total to 0.05; only for CHF (validated by the caller).</param>
    /// <param name="sign">1 for invoices, -1 for credit notes (same arithmetic, negative amounts).</param>
    public static InvoiceAmounts Compute(IReadOnlyList<InvoiceLineInput> lines, bool cashRounding, int sign = 1)
    {
        var computed = lines.Select((l, i) => new ComputedLine(i + 1, l.Description!.Trim(), l.Quantity, l.UnitPrice, l.DiscountPercent, l.VatRate,
            sign * Round2(l.Quantity * l.UnitPrice * (100m - l.DiscountPercent) / 100m))).ToList();
        var vat = VatByRate(computed);
        var net = computed.Sum(l => l.Amount);
        var vatTotal = vat.Sum(v => v.Vat);
        var gross = net + vatTotal;
        var rounding = cashRounding ? Round05(gross) - gross : 0m;
        return new InvoiceAmounts(computed, vat, net, vatTotal, rounding, gross + rounding);
    }

    public static IReadOnlyList<VatTotal> VatByRate(IEnumerable<ComputedLine> lines) =>
        [.. lines.GroupBy(l => l.VatRate).OrderByDescending(g => g.Key)
            .Select(g => new VatTotal(g.Key, g.Sum(l => l.Amount), Round2(g.Sum(l => l.Amount) * g.Key / 100m)))];
}
