using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Finance.Api.Auth;
using Finance.Api.Banking;
using Finance.Core.Banking;
using Finance.Core.Invoicing;
using Finance.StandIns;
using Finance.Tests.Api.Flows;
using Finance.Tests.Infrastructure;
using Finance.Tests.Invoicing;
using Microsoft.Extensions.DependencyInjection;
using WireMock.Server;

namespace Finance.Tests.Banking;

/// <summary>
/// The Revolut path against the stand-in built from Revolut's OpenAPI: <c>POST /api/banking/sync</c> pulls the company's
/// transactions through the real client (JWT client assertion, paging), stores each once, and the child reconciliation
/// pays the invoice whose QR reference the transfer carries.
/// </summary>
public sealed class RevolutSyncApiTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IDisposable
{
    private const string Company = "DAINAMICS";
    private const string AccountId = "9f2a3c1e-51a8-4c0e-9d8f-2b7d6f0a8e11";
    private readonly RSA _key = RSA.Create(2048);
    private readonly WireMockServer _server = WireMockServer.Start();

    [Fact]
    public async Task Sync_TransferWithTheInvoiceReference_IsStoredOnceAndPaysTheInvoice()
    {
        await using var probe = new ApiFactory(database);
        var invoice = await new InvoicingClient(probe.ClientWithToken()).IssuedInvoiceAsync(Company);
        var iban = await BankingSeed.QrIbanAsync(probe, Company);
        await probe.Services.GetRequiredService<BankAccountStore>().LinkRevolutAsync(
            (await probe.Services.GetRequiredService<BankAccountStore>().ListAsync([Company], default)).First(a => a.QrIban == iban).Iban, AccountId, default);
        var fake = new RevolutFake(_server, new RevolutSeed
        {
            ClientId = "dainamics-app", RefreshToken = "oa_prod_dainamics", Issuer = "finance.dainamics.ch", PublicKeyPem = _key.ExportSubjectPublicKeyInfoPem(),
            Accounts = JsonNode.Parse($$"""[{"id":"{{AccountId}}","name":"Main","balance":12000.5,"currency":"CHF","state":"active","public":false,"created_at":"2024-01-01T00:00:00Z","updated_at":"2026-11-30T00:00:00Z"}]""")!.AsArray(),
            Transactions = JsonNode.Parse($$"""
                [{"id":"tx-0001","type":"transfer","state":"completed","created_at":"{{DateTimeOffset.UtcNow.AddDays(-2):O}}","completed_at":"{{DateTimeOffset.UtcNow.AddDays(-2):O}}",
                  "reference":"{{invoice.PaymentReference}}","legs":[{"leg_id":"leg-1","account_id":"{{AccountId}}","amount":{{invoice.Total}},"currency":"CHF",
                  "description":"Payment from Müller & Fils SA","balance":13081.5}]},
                 {"id":"tx-0002","type":"card_payment","state":"declined","created_at":"{{DateTimeOffset.UtcNow.AddDays(-1):O}}",
                  "legs":[{"leg_id":"leg-2","account_id":"{{AccountId}}","amount":-12.5,"currency":"CHF","description":"Coffee"}]}]
                """)!.AsArray(),
        });
        await using var api = new ApiFactory(database, settings: new Dictionary<string, string>
        {
            [$"Revolut:Companies:{Company}:ClientId"] = "dainamics-app",
            [$"Revolut:Companies:{Company}:RefreshToken"] = "oa_prod_dainamics",
            [$"Revolut:Companies:{Company}:Issuer"] = "finance.dainamics.ch",
            [$"Revolut:Companies:{Company}:PrivateKeyPem"] = _key.ExportPkcs8PrivateKeyPem(),
            [$"Revolut:Companies:{Company}:BaseUrl"] = fake.BaseUrl,
        });
        var accountant = api.ClientWithToken(Roles.Accountant, Company);

        var first = await accountant.PostAsJsonAsync("/api/banking/sync", new ForceSyncRequest("revolut", Company));
        await api.DrainAsync();
        var again = await accountant.PostAsJsonAsync("/api/banking/sync", new ForceSyncRequest("revolut", Company));
        await api.DrainAsync();

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var pulled = (await accountant.GetFromJsonAsync<BankTransaction[]>($"/api/banking/transactions?company={Company}&limit=500"))!
            .Where(t => t.Source == "revolut").ToList();
        var line = Assert.Single(pulled);
        Assert.Equal((invoice.Total, "QRR", "Müller & Fils SA", BankTransactionStatus.Matched), (line.Amount, line.ReferenceType, line.CounterpartyName, line.Status));
        Assert.Equal(InvoiceStatus.Paid, (await new InvoicingClient(api.ClientWithToken()).GetAsync(invoice.Id)).Status);
        Assert.Empty(fake.Refusals);
    }

    public void Dispose()
    {
        _server.Stop();
        _key.Dispose();
    }
}
