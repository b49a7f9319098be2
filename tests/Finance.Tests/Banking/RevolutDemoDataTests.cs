using System.Security.Cryptography;
using Dapper;
using System.Net.Http.Json;
using Finance.Api.Banking;
using Finance.Api.Flows;
using Finance.Core.Banking;
using Finance.Core.Demo;
using Finance.Core.Invoicing;
using Finance.StandIns;
using Finance.Tests.Api.Flows;
using Finance.Tests.Infrastructure;
using Finance.Workflows.Invoicing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using WireMock.Server;

namespace Finance.Tests.Banking;

/// <summary>
/// What <c>./run.sh</c> shows with the Revolut stand-in: the demo seeding writes the stand-in's seed and links a Revolut
/// account for each company with a connection; the queued <c>sync</c> pulls the transfers through the real client from the
/// stand-in built on that seed, and the reconciliation pays the invoices (the overdue one's dunning ends) or queues them.
/// </summary>
public sealed class RevolutDemoDataTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IDisposable
{
    private const string Company = "HYPERVISUAL";
    private const string Other = "TAKEOUT";
    private readonly RSA _key = RSA.Create(2048);
    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly string _seedFile = Path.Combine(Path.GetTempPath(), $"revolut-seed-{Guid.NewGuid():N}.json");

    [Fact]
    public async Task SeedOnce_WithTheStandIn_SyncPaysExactlyPartlyAndInABatch_TheWrongReferenceWaitsForReview()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));
        var mail = await TestServers.MailDev;
        await using var api = new ApiFactory(database, clock, new Dictionary<string, string>
        {
            ["Smtp:Port"] = $"{mail.SmtpPort}",
            ["Demo:Banking:RevolutStandInSeed"] = _seedFile,
            [$"Revolut:Companies:{Company}:ClientId"] = "standin-client",
            [$"Revolut:Companies:{Company}:RefreshToken"] = "standin-refresh-token",
            [$"Revolut:Companies:{Company}:Issuer"] = "finance.localhost",
            [$"Revolut:Companies:{Company}:PrivateKeyPem"] = _key.ExportPkcs8PrivateKeyPem(),
            [$"Revolut:Companies:{Company}:BaseUrl"] = _server.Url + RevolutFake.ApiPath,
            // A second company on the same stand-in: the seed holds both companies' accounts.
            [$"Revolut:Companies:{Other}:ClientId"] = "standin-client",
            [$"Revolut:Companies:{Other}:RefreshToken"] = "standin-refresh-token",
            [$"Revolut:Companies:{Other}:Issuer"] = "finance.localhost",
            [$"Revolut:Companies:{Other}:PrivateKeyPem"] = _key.ExportPkcs8PrivateKeyPem(),
            [$"Revolut:Companies:{Other}:BaseUrl"] = _server.Url + RevolutFake.ApiPath,
        });
        var seeders = api.Services.GetServices<IDemoSeeder>().ToList();
        Assert.True(await seeders.Single(s => s.Description.StartsWith("customers and invoices", StringComparison.Ordinal)).SeedOnceAsync(default));
        var open = await OpenInvoicesAsync(api);
        Assert.True(await seeders.Single(s => s.Description.StartsWith("dunning of the sent", StringComparison.Ordinal)).SeedOnceAsync(default));
        Assert.False(await seeders.Single(s => s.Description.StartsWith("dunning of the sent", StringComparison.Ordinal)).SeedOnceAsync(default));

        Assert.True(await seeders.Single(s => s.Description.StartsWith("bank payments", StringComparison.Ordinal)).SeedOnceAsync(default));
        var seed = StandInSeed.LoadAll(_seedFile, out var missing);
        Assert.Empty(missing);
        seed.Revolut.PublicKeyPem = _key.ExportSubjectPublicKeyInfoPem();
        var fake = new RevolutFake(_server, seed.Revolut, clock);
        await api.DrainAsync();

        Assert.Empty(fake.Refusals);
        Assert.Equal(2, seed.Revolut.Accounts.Count);
        Assert.Contains((await api.Services.GetRequiredService<BankTransactionStore>().ListAsync(new BankTransactionFilter([Other], null, null, null, null, 500), default)),
            l => l.Source == "revolut" && l.Status == BankTransactionStatus.Matched);
        var account = Assert.Single(await api.Services.GetRequiredService<BankAccountStore>().ListAsync([Company], default), a => a.Source == "revolut");
        Assert.Matches("^LT[0-9]{18}$", account.Iban);
        var lines = (await api.Services.GetRequiredService<BankTransactionStore>().ListAsync(new BankTransactionFilter([Company], null, null, null, null, 500), default))
            .Where(l => l.Source == "revolut").ToList();
        Assert.Equal(4, lines.Count);
        Assert.Equal(3, lines.Count(l => l.Status == BankTransactionStatus.Matched));
        var review = Assert.Single(lines, l => l.Status == BankTransactionStatus.Review);
        Assert.Null(review.ReferenceType);

        // Revolut states the balance after each leg: the cash position of the account ends on the balance it serves.
        var cash = (await api.ClientWithToken().GetFromJsonAsync<CashPositionReport>($"/api/banking/cash-position?company={Company}&from=2026-11-01&to=2026-11-30"))!;
        var position = Assert.Single(cash.Accounts, a => a.AccountId == account.Id);
        var served = seed.Revolut.Accounts.OfType<System.Text.Json.Nodes.JsonObject>().Single(a => (string?)a["id"] == account.ExternalId);
        Assert.True(position.Anchored);
        Assert.Equal((decimal)served["balance"]!, position.Points[^1].Balance);
        Assert.Equal(25_000m, position.Points[0].Balance);

        // Four of the five open invoices are settled: the most overdue exactly, the batch pair in one transfer, one part paid.
        var invoices = api.Services.GetRequiredService<InvoiceStore>();
        var statuses = new Dictionary<Guid, string>();
        foreach (var invoice in open) statuses[invoice.Id] = (await invoices.FindAsync(invoice.Id, default))!.Status;
        Assert.Equal(3, statuses.Values.Count(s => s == InvoiceStatus.Paid));
        Assert.Equal(1, statuses.Values.Count(s => s == InvoiceStatus.PartiallyPaid));
        var mostOverdue = open.MinBy(i => i.DueDate)!.Id;
        Assert.Equal(InvoiceStatus.Paid, statuses[mostOverdue]);
        // Its dunning (started for the sent demo invoices) ended with the payment.
        var dunning = await api.ClientWithToken().GetFromJsonAsync<FlowInstanceDetailsResponse>($"/api/flows/instances/invoice-dunning-{mostOverdue}");
        Assert.Equal("completed", dunning!.Instance.Status);
        Assert.Contains(dunning.Timeline, t => t.Kind == "signalReceived");
        // Each booked payment started invoice.mark-paid with the transaction, which ended the invoice's dunning when paid in full.
        var admin = api.ClientWithToken();
        foreach (var line in lines.Where(l => l.Status == BankTransactionStatus.Matched))
        {
            var trail = (await admin.GetFromJsonAsync<TransactionReconciliationResponse>($"/api/banking/transactions/{line.Id}/reconciliation"))!;
            Assert.NotEmpty(trail.Matches);
            foreach (var match in trail.Matches)
            {
                Assert.True(match.Automatic);
                var markPaid = await admin.GetFromJsonAsync<FlowInstanceDetailsResponse>($"/api/flows/instances/{InvoiceFlows.MarkPaidInstanceId(match.PaymentId!.Value)}");
                Assert.Equal(("completed", line.Id.ToString()), (markPaid!.Instance.Status, (string?)markPaid.Input!["transactionId"]));
            }
        }
    }

    private static async Task<List<OpenInvoice>> OpenInvoicesAsync(ApiFactory api)
    {
        await using var connection = await api.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        return [.. await connection.QueryAsync<OpenInvoice>("""
            SELECT i.id AS Id, i.customer_id AS Customer, i.due_date AS DueDate FROM invoices i JOIN companies c ON c.id = i.company_id
            WHERE c.code = @Company AND i.kind = 'invoice' AND i.status IN ('issued', 'sent', 'partially_paid') AND i.reference_type = 'QRR'
              AND i.total - i.paid_amount - i.credited_amount > 0
            """, new { Company })];
    }

    private sealed record OpenInvoice(Guid Id, Guid Customer, DateOnly DueDate);

    public void Dispose()
    {
        _server.Stop();
        _key.Dispose();
        File.Delete(_seedFile);
    }
}
