using Dapper;
using Finance.Core.Companies;
using Finance.Core.Demo;
using Npgsql;

namespace Finance.Core.Invoicing;

/// <summary>
/// The invoicing demo data (<see cref="IDemoSeeder"/>): per company a few customers and invoices in every state — draft,
/// issued, sent, overdue, partially paid, paid, cancelled, and a credit note. Seeds once: a database that already has customers is left alone.
/// </summary>
internal sealed class InvoicingDemoData(NpgsqlDataSource dataSource, CompanyStore companies, CustomerStore customers, InvoiceDrafts drafts,
    InvoiceLifecycle lifecycle, InvoiceSettlement settlement, TimeProvider clock) : IDemoSeeder
{
    private static readonly (string Name, string Street, string Number, string Postcode, string Town, string Language)[] Customers =
    [
        ("Boulangerie Favre Sàrl", "Rue de la Gare", "12", "1110", "Morges", "fr"),
        ("Bergbahnen Aletsch AG", "Furkastrasse", "39", "3983", "Mörel", "de"),
        ("Studio Rossi SA", "Via Cantonale", "8", "6900", "Lugano", "it"),
    ];

    private static readonly (string Description, decimal Quantity, decimal Price, decimal Vat)[] Lines =
    [
        ("Consulting (hours)", 12, 165m, 8.1m),
        ("Accommodation (nights)", 2, 180m, 3.8m),
        ("Books and printed matter", 3, 42.5m, 2.6m),
    ];

    public string Description => "customers and invoices in every state for each company";

    /// <summary>Returns false when the database already held business data and nothing was seeded.</summary>
    public async Task<bool> SeedOnceAsync(CancellationToken cancellationToken)
    {
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM customers)", cancellationToken: cancellationToken)))
            {
                return false;
            }
        }

        var today = SwissCalendar.Today(clock);
        foreach (var company in await companies.ListAsync(null, cancellationToken))
        {
            var customerIds = new List<Guid>();
            foreach (var c in Customers)
            {
                var email = $"{c.Name.Split(' ')[0].ToLowerInvariant()}@demo.example";
                var customer = await customers.CreateAsync(company.Code, new CustomerInput(c.Name,
                    new PostalAddress(c.Street, c.Number, c.Postcode, c.Town, "CH"), c.Language, email, 30, null), cancellationToken);
                customerIds.Add(customer.Id);
            }
            await SeedInvoicesAsync(company.Code, customerIds, today, cancellationToken);
        }
        return true;
    }

    private async Task SeedInvoicesAsync(string company, List<Guid> customerIds, DateOnly today, CancellationToken cancellationToken)
    {
        Task<Invoice> Draft(int customer, int daysAgo, int lines) => drafts.CreateAsync(new InvoiceDraftInput(company, customerIds[customer % customerIds.Count],
            "CHF", today.AddDays(-daysAgo), true, "Demo invoice", [.. Lines.Take(lines).Select(l => new InvoiceLineInput(l.Description, l.Quantity, l.Price, 0, l.Vat))]), cancellationToken);

        await Draft(0, 0, 1);
        await lifecycle.IssueAsync((await Draft(1, 2, 2)).Id, cancellationToken);
        await Sent(await Draft(2, 5, 3));
        await Sent(await Draft(0, 50, 1)); // due 20 days ago: overdue
        var partly = await Sent(await Draft(1, 40, 2));
        await settlement.RecordPaymentAsync(partly.Id, new PaymentInput(today.AddDays(-3), Math.Round(partly.Amounts.Total / 2, 2), "CHF", "Demo part payment"), cancellationToken);
        var paid = await Sent(await Draft(2, 25, 3));
        await settlement.RecordPaymentAsync(paid.Id, new PaymentInput(today.AddDays(-1), paid.Amounts.Total, "CHF", "Demo payment"), cancellationToken);
        var cancelled = await lifecycle.IssueAsync((await Draft(0, 10, 1)).Id, cancellationToken);
        await lifecycle.CancelAsync(cancelled.Id, cancellationToken);
        var credited = await Sent(await Draft(1, 15, 1));
        await settlement.CreateCreditNoteAsync(credited.Id, new CreditNoteInput(today, "Demo: goodwill", [new InvoiceLineInput("Goodwill discount", 1, 100m, 0, 8.1m)]), cancellationToken);
    }

    private async Task<Invoice> Sent(Invoice draft)
    {
        await lifecycle.IssueAsync(draft.Id, CancellationToken.None);
        return await lifecycle.MarkSentAsync(draft.Id, CancellationToken.None);
    }
}
