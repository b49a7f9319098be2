using Finance.Core.Invoicing;

namespace Finance.Tests.Invoicing;

public sealed class InvoiceCalculatorTests
{
    [Theory]
    [InlineData(758.82, 758.80)]
    [InlineData(758.825, 758.85)]
    [InlineData(758.875, 758.90)]
    [InlineData(0.024, 0.00)]
    [InlineData(0.025, 0.05)]
    public void Round05_Amount_RoundsHalfAwayFromZeroToFiveCentimes(decimal amount, decimal expected) =>
        Assert.Equal(expected, InvoiceCalculator.Round05(amount));

    [Fact]
    public void Compute_CreditNote_IsTheNegativeOfTheInvoice()
    {
        InvoiceLineInput[] lines = [new("A", 3, 33.335m, 10, 8.1m), new("B", 1, 12.5m, 0, 2.6m)];

        var invoice = InvoiceCalculator.Compute(lines, cashRounding: false);
        var credit = InvoiceCalculator.Compute(lines, cashRounding: false, sign: -1);

        Assert.Equal(-invoice.Total, credit.Total);
        Assert.Equal(invoice.VatTotals.Select(v => -v.Vat), credit.VatTotals.Select(v => v.Vat));
        Assert.Equal(90.00m, invoice.Lines[0].Amount); // 3 × 33.335 × 0.9 = 90.0045 → 90.00
    }
}
