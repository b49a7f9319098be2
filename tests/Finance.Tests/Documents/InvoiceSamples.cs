using Finance.Core.Documents;
using Finance.Core.Invoicing.QrBill;
using Finance.Tests.Invoicing;

namespace Finance.Tests.Documents;

internal static class InvoiceSamples
{
    /// <summary>An invoice with <paramref name="lineCount"/> lines at 8.1 % and 2.6 % VAT; totals computed here
    /// because the renderer does no arithmetic.</summary>
    public static InvoiceDocument Create(int lineCount, string language = "fr", QrBill? bill = null)
    {
        var lines = Enumerable.Range(1, lineCount).Select(i =>
        {
            var qty = i % 3 + 1m;
            var price = 12.5m * i;
            var discount = i % 4 == 0 ? 10m : 0m;
            var rate = i % 5 == 0 ? 2.6m : 8.1m;
            var amount = decimal.Round(qty * price * (1 - discount / 100), 2);
            var description = i % 7 == 0
                ? $"Prestation n° {i}: conseil en déménagement, emballage des objets fragiles et transport jusqu'au nouveau domicile"
                : $"Prestation n° {i}";
            return new InvoiceLine(description, qty, price, discount, rate, amount);
        }).ToList();
        var vat = lines.GroupBy(l => l.VatRatePercent).OrderBy(g => g.Key)
            .Select(g => new VatLine(g.Key, g.Sum(l => l.Amount), decimal.Round(g.Sum(l => l.Amount) * g.Key / 100, 2))).ToList();
        var net = lines.Sum(l => l.Amount);
        var vatTotal = vat.Sum(v => v.VatAmount);
        var qrBill = bill ?? QrBillSamples.WithAccents() with { Amount = net + vatTotal };
        return new InvoiceDocument
        {
            Language = language,
            Number = "2024-0042",
            IssueDate = new DateOnly(2024, 11, 4),
            DueDate = new DateOnly(2024, 12, 4),
            Currency = "CHF",
            Company = new("Société Générale de Déménagement Sàrl", ["Avenue de la Gare 12", "1003 Lausanne"], "CHE-123.456.788 TVA", "info@sgd.example"),
            Customer = new("Jürg Müller-Lüthi", ["Bahnhofstrasse 7a", "8001 Zürich"]),
            Lines = lines,
            Totals = new(net, vat, vatTotal, net + vatTotal),
            PaymentTerms = "Payable dans les 30 jours, sans escompte.",
            QrBill = qrBill,
        };
    }
}
