using Finance.Core.Demo;
using Finance.Core.Payables;
using Finance.Tests.Api.Flows;
using Finance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Finance.Tests.Payables;

/// <summary>The payables demo data, seeded and then processed by the real flows and reader: what <c>./run.sh</c> shows.</summary>
public sealed class PayablesDemoDataTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime, IAsyncDisposable
{
    private ApiFactory _api = null!;

    public Task InitializeAsync()
    {
        _api = new ApiFactory(database, new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero)));
        return Task.CompletedTask;
    }

    // xunit v2 calls IAsyncLifetime.DisposeAsync only; both names lead to the one disposal.
    public Task DisposeAsync() => ((IAsyncDisposable)this).DisposeAsync().AsTask();

    ValueTask IAsyncDisposable.DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task SeedOnce_ThenWorkersRun_EachCompanyHasAValidatedAReviewAndADuplicateBill()
    {
        var seeder = _api.Services.GetServices<IDemoSeeder>().Single(s => s.Description.StartsWith("supplier bills", StringComparison.Ordinal));

        Assert.True(await seeder.SeedOnceAsync(default));
        Assert.False(await seeder.SeedOnceAsync(default));
        await _api.DrainAsync();

        var bills = await _api.Services.GetRequiredService<BillStore>().ListAsync(new BillFilter(null, null, null, 500), default);
        foreach (var company in new[] { "HYPERVISUAL", "DAINAMICS", "LEXAIA", "ENKI_REALTY", "TAKEOUT" })
        {
            var statuses = bills.Where(b => b.CompanyCode == company).Select(b => b.Status).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal([BillStatus.Duplicate, BillStatus.Review, BillStatus.Validated], statuses);
        }
        Assert.All(bills.Where(b => b.Status == BillStatus.Validated), b => Assert.True(b.AutoValidated));
        Assert.All(bills.Where(b => b.Status == BillStatus.Review), b => Assert.Null(b.SupplierId));
    }
}
