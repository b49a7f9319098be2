using Finance.Core.Banking;
using Finance.Core.Demo;
using Finance.Tests.Api.Flows;
using Finance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Finance.Tests.Banking;

/// <summary>The banking demo data, imported and reconciled by the real importer and flows: what <c>./run.sh</c> shows.</summary>
public sealed class BankingDemoDataTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task SeedOnce_AfterTheInvoices_PaysSomeExactlyAndPartly_TheWrongReferenceWaitsForReview()
    {
        await using var api = new ApiFactory(database, new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero)));
        var seeders = api.Services.GetServices<IDemoSeeder>().ToList();
        var invoicing = seeders.Single(s => s.Description.StartsWith("customers and invoices", StringComparison.Ordinal));
        var banking = seeders.Single(s => s.Description.StartsWith("bank payments", StringComparison.Ordinal));

        Assert.True(await invoicing.SeedOnceAsync(default));
        Assert.True(await banking.SeedOnceAsync(default));
        Assert.False(await banking.SeedOnceAsync(default));
        await api.DrainAsync();

        var lines = await api.Services.GetRequiredService<BankTransactionStore>().ListAsync(new BankTransactionFilter(null, null, null, null, null, 500), default);
        foreach (var company in lines.GroupBy(l => l.Company))
        {
            Assert.Contains(company, l => l.Status == BankTransactionStatus.Matched && l.ReferenceType == "QRR");
            Assert.Contains(company, l => l.Status == BankTransactionStatus.Review);
        }
        Assert.Equal(5, lines.Select(l => l.Company).Distinct().Count());
    }
}
