using Finance.Core.Demo;
using Finance.Core.Payables;
using Finance.Tests.Api.Flows;
using Finance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Finance.Tests.Payables;

/// <summary>The payables demo data, seeded and then processed by the real flows and reader: what <c>./run.sh</c> shows.</summary>
public sealed class PayablesDemoDataTests(DatabaseFixture database, ITestOutputHelper output) : IClassFixture<DatabaseFixture>, IAsyncLifetime, IAsyncDisposable
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
    public async Task SeedOnce_ThenWorkersRun_EachCompanyHasEveryKindOfBillInItsStatus()
    {
        var seeder = _api.Services.GetServices<IDemoSeeder>().Single(s => s.Description.StartsWith("supplier bills", StringComparison.Ordinal));

        Assert.True(await seeder.SeedOnceAsync(default));
        Assert.False(await seeder.SeedOnceAsync(default));
        await _api.DrainAsync();

        var bills = await _api.Services.GetRequiredService<BillStore>().ListAsync(new BillFilter(null, null, null, 500), default);
        foreach (var b in bills.OrderBy(b => b.CompanyCode).ThenBy(b => b.CreatedAt))
            output.WriteLine($"{b.CompanyCode} {b.Number} {b.GrossAmount} {b.Iban} {b.DueDate} {b.Status} {b.Confidence} {b.SupplierName} {b.ReviewReason}");
        foreach (var company in new[] { "HYPERVISUAL", "DAINAMICS", "LEXAIA", "ENKI_REALTY", "TAKEOUT" })
        {
            var mine = bills.Where(b => b.CompanyCode == company).ToList();
            Assert.Equal([BillStatus.Duplicate, BillStatus.Review, BillStatus.Review, BillStatus.Review, BillStatus.Validated],
                mine.Select(b => b.Status).Order(StringComparer.Ordinal).ToArray());
            // The QR-bill from the known supplier: exact fields and a known IBAN, so it validates itself.
            Assert.Equal(BillStatus.Validated, Bill(mine, "F-2026-311").Status);
            // The text-only PDF (IBAN in its payment terms) and the scanned PNG (OCR): every payment field read right and
            // the supplier recognised, but printed text is never as sure as a QR code: review, for want of confidence.
            foreach (var (number, gross) in new[] { ("F-2026-318", 615.40m), ("F-2026-325", 342.60m) })
            {
                var bill = Bill(mine, number);
                Assert.Equal((BillStatus.Review, gross, "CH5800791123000889012", "CHF", new DateOnly(2026, 12, 20)),
                    (bill.Status, bill.GrossAmount, bill.Iban, bill.Currency, bill.DueDate));
                Assert.NotNull(bill.SupplierId);
                Assert.StartsWith("Read with confidence", bill.ReviewReason, StringComparison.Ordinal);
                Assert.True(bill.Confidence < 0.9m);
            }
            // The unknown supplier's QR-bill: exact, but its supplier must be confirmed once.
            Assert.Null(Bill(mine, "AB-77812").SupplierId);
            Assert.Equal(BillStatus.Review, Bill(mine, "AB-77812").Status);
        }
        Assert.All(bills.Where(b => b.Status == BillStatus.Validated), b => Assert.True(b.AutoValidated));
    }

    private static Bill Bill(IEnumerable<Bill> bills, string number) => Assert.Single(bills, b => b.Number == number && b.Status != BillStatus.Duplicate);
}
