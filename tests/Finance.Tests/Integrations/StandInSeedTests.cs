using System.Security.Cryptography;
using Finance.Core.Integrations.InvoiceNinja;
using Finance.Core.Integrations.Revolut;
using Finance.StandIns;
using Finance.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using WireMock.Server;

namespace Finance.Tests.Integrations;

/// <summary>The documented example seed (StandIns/seed.example.json) loads and serves both clients, as the stand-in host would.</summary>
public sealed class StandInSeedTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task ExampleSeed_ServedByBothFakes_ReadByBothClients()
    {
        var seed = StandInSeed.Load(Path.Combine(Repo.Root, "StandIns", "seed.example.json"));
        using var revolutServer = WireMockServer.Start();
        using var ninjaServer = WireMockServer.Start();
        var revolut = new RevolutFake(revolutServer, seed.Revolut);
        var ninja = new InvoiceNinjaFake(ninjaServer, seed.InvoiceNinja);
        using var key = RSA.Create(2048);
        var revolutOptions = Options.Create(new RevolutOptions
        {
            Companies =
            {
                ["HYPERVISUAL"] = new() { ClientId = seed.Revolut.ClientId, RefreshToken = seed.Revolut.RefreshToken, Issuer = "localhost", PrivateKeyPem = key.ExportPkcs8PrivateKeyPem(), BaseUrl = new Uri(revolut.BaseUrl) },
            },
        });
        var revolutClient = new RevolutClient(new HttpClient(), new RevolutTokens(revolutOptions, TimeProvider.System),
            new InProcessRateGate(new RateLimit(60, TimeSpan.FromMinutes(1)), TimeProvider.System), revolutOptions, TimeProvider.System);
        var ninjaClient = new InvoiceNinjaClient(new HttpClient(), Options.Create(new InvoiceNinjaOptions
        {
            Companies = { ["HYPERVISUAL"] = new() { BaseUrl = new Uri(ninja.BaseUrl), ApiToken = seed.InvoiceNinja.ApiToken } },
        }));

        var account = Assert.Single(await revolutClient.GetAccountsAsync("HYPERVISUAL", Ct));
        var transaction = Assert.Single(await revolutClient.GetTransactionsAsync("HYPERVISUAL", new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), Ct));
        var invoice = Assert.Single(await ninjaClient.ListInvoicesAsync("HYPERVISUAL", null, Ct));

        Assert.Equal((12500.40m, "CHF"), (account.Balance, account.Currency));
        Assert.Equal((1081.00m, "RF18539007547034"), (transaction.Legs.Single().Amount, transaction.Reference));
        Assert.Equal((1081.00m, NinjaInvoiceStatus.Sent, "Opnel5aKBz"), (invoice.Balance, invoice.Status, invoice.ClientId));
    }
}
