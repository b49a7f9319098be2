using Dapper;
using Finance.Core.Invoicing;
using Finance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Tests.Demo;

public sealed class DemoDataTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task SeedOnce_FreshDatabase_EveryCompanyHasInvoicesInEveryStateAndASecondRunAddsNothing()
    {
        using var api = new ApiFactory(database);
        var demo = ActivatorUtilities.CreateInstance<InvoicingDemoData>(api.Services);

        var first = await demo.SeedOnceAsync(CancellationToken.None);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var before = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM invoices");
        var second = await demo.SeedOnceAsync(CancellationToken.None);
        var after = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM invoices");
        var states = (await connection.QueryAsync<(string Code, string Status, int Count)>("""
            SELECT c.code, i.status, count(*)::int FROM invoices i JOIN companies c ON c.id = i.company_id
            WHERE i.kind = 'invoice' GROUP BY c.code, i.status
            """)).ToList();
        var overdue = await connection.QueryAsync<string>("""
            SELECT DISTINCT c.code FROM invoices i JOIN companies c ON c.id = i.company_id
            WHERE i.status IN ('issued', 'sent', 'partially_paid') AND i.due_date < current_date
            """);
        var creditNotes = await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM invoices WHERE kind = 'credit_note'");

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(before, after);
        foreach (var code in new[] { "HYPERVISUAL", "DAINAMICS", "LEXAIA", "ENKI_REALTY", "TAKEOUT" })
        {
            Assert.Equal(["cancelled", "draft", "issued", "paid", "partially_paid", "sent"],
                states.Where(s => s.Code == code).Select(s => s.Status).Order());
        }
        Assert.Equal(5, overdue.Count());
        Assert.Equal(5, creditNotes);
    }
}
