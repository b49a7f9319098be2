using System.Net;
using System.Net.Http.Json;
using Finance.Api.Auth;
using Finance.Api.Dashboard;
using Finance.Core.Events;
using Finance.Tests.Banking;
using Finance.Tests.Infrastructure;
using Finance.Tests.Invoicing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Finance.Tests.Dashboard;

/// <summary>
/// <c>GET /api/dashboard</c>: the figures follow the books (open and overdue receivables, cash, alerts, forecast), the
/// answer is cached in Redis until the next event reaches the stream, and a token sees only its companies.
/// </summary>
public sealed class DashboardApiTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string Company = "LEXAIA";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));

    private ApiFactory Api { get; set; } = null!;

    public Task InitializeAsync()
    {
        Api = new ApiFactory(database, _clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Api.DisposeAsync();

    [Fact]
    public async Task Dashboard_FollowsTheBooks_CachedUntilTheNextEvent()
    {
        var invoicing = new InvoicingClient(Api.ClientWithToken(Roles.Accountant, Company));
        var invoice = await invoicing.IssuedInvoiceAsync(Company);
        await BankingSeed.TransactionAsync(Api, Company, 500m, counterparty: "Nobody AG", remittance: "no idea");
        await RelayAsync();
        var viewer = Api.ClientWithToken(Roles.Viewer, Company);

        var (first, firstCache) = await GetAsync(viewer, $"/api/dashboard?company={Company}");
        var (second, secondCache) = await GetAsync(viewer, $"/api/dashboard?company={Company}");

        Assert.Equal(("miss", "hit"), (firstCache, secondCache));
        Assert.Equal(first.ComputedAt, second.ComputedAt);
        Assert.Equal([Company], first.Companies);
        Assert.Equal(new Money("CHF", invoice.Total), Assert.Single(first.Kpis.OpenReceivables));
        Assert.Equal(0, first.Kpis.Overdue.Count);
        Assert.Contains(first.Alerts, a => a.Kind == "unmatched_transactions" && a.Count == 1);
        var chf = Assert.Single(first.CashFlow, c => c.Currency == "CHF");
        Assert.Equal(DashboardQuery.ActualDays, chf.Actual.Count);
        Assert.Equal(DashboardQuery.ForecastDays, chf.Forecast.Count);
        // The forecast adds the open invoice on its due date (no payment history: on time).
        var due = invoice.DueDate!.Value;
        Assert.Equal(invoice.Total, chf.Forecast.Single(p => p.Date == due).Balance - chf.Forecast.Single(p => p.Date == due.AddDays(-1)).Balance);
        Assert.Contains(first.RecentTransactions, t => t.Amount == 500m);

        // A payment is an event: once it reaches the stream, the next request computes afresh.
        await invoicing.PayAsync(invoice.Id, invoice.Total);
        var (stale, staleCache) = await GetAsync(viewer, $"/api/dashboard?company={Company}");
        await RelayAsync();
        var (fresh, freshCache) = await GetAsync(viewer, $"/api/dashboard?company={Company}");

        Assert.Equal(("hit", "miss"), (staleCache, freshCache));
        Assert.NotEmpty(stale.Kpis.OpenReceivables);
        Assert.Empty(fresh.Kpis.OpenReceivables);
    }

    [Fact]
    public async Task Dashboard_OverdueAfterTheDueDate_ConsolidatedOnlyOverTheTokensCompanies()
    {
        var invoice = await new InvoicingClient(Api.ClientWithToken(Roles.Accountant, "DAINAMICS")).IssuedInvoiceAsync("DAINAMICS");
        _clock.Advance(TimeSpan.FromDays(45));
        await RelayAsync();

        var (own, _) = await GetAsync(Api.ClientWithToken(Roles.Viewer, "DAINAMICS"), "/api/dashboard");
        var foreign = await Api.ClientWithToken(Roles.Viewer, "DAINAMICS").GetAsync("/api/dashboard?company=HYPERVISUAL");
        var unknown = await Api.ClientWithToken(Roles.Admin, "*").GetAsync("/api/dashboard?company=NOSUCH");
        var (group, _) = await GetAsync(Api.ClientWithToken(Roles.Admin, "*"), "/api/dashboard");

        Assert.Null(own.Company);
        Assert.Equal(["DAINAMICS"], own.Companies);
        Assert.True(own.Kpis.Overdue.Count >= 1);
        Assert.Contains(own.Kpis.Overdue.Amounts, m => m.Currency == "CHF" && m.Amount >= invoice.Total);
        await BankingSeed.ExpectAsync(HttpStatusCode.Forbidden, foreign);
        await BankingSeed.ExpectAsync(HttpStatusCode.NotFound, unknown);
        Assert.Equal(5, group.Companies.Count);
    }

    private async Task RelayAsync()
    {
        var relay = Api.Services.GetRequiredService<OutboxRelay>();
        while (await relay.RelayBatchAsync(500, CancellationToken.None) > 0)
        {
        }
    }

    private static async Task<(DashboardResponse Dashboard, string Cache)> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        await BankingSeed.ExpectAsync(HttpStatusCode.OK, response);
        return ((await response.Content.ReadFromJsonAsync<DashboardResponse>())!, response.Headers.GetValues("X-Cache").Single());
    }
}
