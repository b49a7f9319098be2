using System.Net;
using System.Text.Json.Nodes;
using Finance.Core.Integrations.InvoiceNinja;
using Finance.StandIns;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WireMock.Server;

namespace Finance.Tests.Integrations;

/// <summary>The Invoice Ninja v5 client against the fake built from the OpenAPI (api-docs.yaml).</summary>
public sealed class InvoiceNinjaClientTests : IDisposable
{
    private const string Company = "LEXAIA";
    private const string Token = "tOk3n-8f3a1c9e2b7d4f60a5e1c3b9d7f2a4e6";
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateTimeOffset Cursor = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    private static readonly decimal[] Amounts = [1020.01m, 1040.02m, 1060.03m, 1081.05m, 1100.05m];
    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly InvoiceNinjaFake _fake;

    public InvoiceNinjaClientTests()
    {
        _fake = new InvoiceNinjaFake(_server, new InvoiceNinjaSeed
        {
            ApiToken = Token,
            Clients = [Client("Opnel5aKBz", "Jim's Housekeeping", Cursor.AddDays(-30)), Client("Wpmbk5ezJn", "Kunde GmbH", Cursor.AddDays(1))],
            // Five invoices, the last two changed after the cursor.
            Invoices = new JsonArray([.. Amounts.Select((amount, i) => (JsonNode)Invoice($"inv{i + 1}", "Wpmbk5ezJn", amount, i >= 3 ? Cursor.AddHours(i + 1) : Cursor.AddDays(-i - 1)))]),
        }, _time);
    }

    private InvoiceNinjaClient NinjaClient(string token = Token, int pageSize = 2) => new(new HttpClient(), Options.Create(new InvoiceNinjaOptions
    {
        PageSize = pageSize,
        Companies = { [Company] = new InvoiceNinjaCompanyOptions { BaseUrl = new Uri(_fake.BaseUrl), ApiToken = token } },
    }));

    internal static JsonObject Client(string id, string name, DateTimeOffset updated) => new()
    {
        ["id"] = id, ["name"] = name, ["number"] = "CL-0001", ["balance"] = 0, ["paid_to_date"] = 0, ["vat_number"] = "CHE-123.456.788 MWST",
        ["updated_at"] = updated.ToUnixTimeSeconds(), ["archived_at"] = 0, ["is_deleted"] = false,
    };

    internal static JsonObject Invoice(string id, string clientId, decimal amount, DateTimeOffset updated) => new()
    {
        ["id"] = id, ["client_id"] = clientId, ["number"] = $"2026-{id}", ["status_id"] = "2", ["amount"] = amount, ["balance"] = amount,
        ["paid_to_date"] = 0, ["date"] = "2026-11-04", ["due_date"] = "", ["updated_at"] = updated.ToUnixTimeSeconds(), ["is_deleted"] = false,
    };

    [Fact]
    public async Task ListInvoicesAsync_FiveInvoicesTwoPerPage_ReadsThreePagesWithBothHeaders()
    {
        var invoices = await NinjaClient().ListInvoicesAsync(Company, null, Ct);

        Assert.Equal(["inv1", "inv2", "inv3", "inv4", "inv5"], invoices.Select(i => i.Id));
        Assert.Equal(Amounts, invoices.Select(i => i.Amount));
        Assert.Equal((NinjaInvoiceStatus.Sent, new DateOnly(2026, 11, 4), (DateOnly?)null), (invoices[0].Status, invoices[0].Date, invoices[0].DueDate));
        var requests = _server.LogEntries.Select(e => e.RequestMessage).ToList();
        Assert.Equal(["1", "2", "3"], requests.Select(r => r.Query!["page"][0]));
        Assert.All(requests, r => Assert.Equal("2", r.Query!["per_page"][0]));
        Assert.All(requests, r => Assert.Equal("XMLHttpRequest", r.Headers!["X-Requested-With"][0]));
    }

    [Fact]
    public async Task ListAsync_UpdatedAtCursor_OnlyRecordsChangedSince()
    {
        var client = NinjaClient();

        var invoices = await client.ListInvoicesAsync(Company, Cursor, Ct);
        var clients = await client.ListClientsAsync(Company, Cursor, Ct);

        Assert.Equal(["inv4", "inv5"], invoices.Select(i => i.Id));
        Assert.Equal([Cursor.AddHours(4), Cursor.AddHours(5)], invoices.Select(i => i.UpdatedAt));
        Assert.Equal("Kunde GmbH", Assert.Single(clients).Name);
        Assert.All(_server.LogEntries, e => Assert.Equal(Cursor.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), e.RequestMessage.Query!["updated_at"][0]));
    }

    [Fact]
    public async Task ListClientsAsync_WrongToken_401()
    {
        var e = await Assert.ThrowsAsync<InvoiceNinjaApiException>(() => NinjaClient("not-the-token").ListClientsAsync(Company, null, Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, e.Status);
    }

    [Fact]
    public async Task GetInvoiceAsync_ByIdAndUnknownId_RecordOrNull()
    {
        var client = NinjaClient();
        Assert.Equal("2026-inv2", (await client.GetInvoiceAsync(Company, "inv2", Ct))?.Number);
        Assert.Null(await client.GetInvoiceAsync(Company, "nope", Ct));
    }

    [Fact]
    public async Task PushPaymentAsync_SamePaymentTwice_CreatesOnePaymentAppliedToTheInvoice()
    {
        var client = NinjaClient();
        var push = new NinjaPaymentPush("pay-7f3c", "Wpmbk5ezJn", "inv2", 400.50m, new DateOnly(2026, 12, 1), "Revolut 640c2b97");

        var first = await client.PushPaymentAsync(Company, push, Ct);
        var second = await client.PushPaymentAsync(Company, push, Ct);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Payment.Id, second.Payment.Id);
        Assert.Equal(1, _fake.PaymentsCreated);
        Assert.Equal(("pay-7f3c", "pay-7f3c", 400.50m), (first.Payment.TransactionReference, first.Payment.CustomValue1, first.Payment.Amount));
        Assert.Equal(new NinjaPaymentInvoice("inv2", 400.50m), Assert.Single(first.Payment.Invoices!));
        var invoice = await client.GetInvoiceAsync(Company, "inv2", Ct);
        Assert.Equal((1040.02m - 400.50m, NinjaInvoiceStatus.Partial), (invoice!.Balance, invoice.Status));
        Assert.Single(await client.ListPaymentsAsync(Company, null, Ct));
    }

    [Fact]
    public async Task PushPaymentAsync_IdThatIsAPrefixOfAnother_StillCreates()
    {
        var client = NinjaClient();
        await client.PushPaymentAsync(Company, new NinjaPaymentPush("pay-10", "Wpmbk5ezJn", "inv1", 10m, new DateOnly(2026, 12, 1)), Ct);

        // filter= is a substring search: "pay-1" finds "pay-10", which must not count as already pushed.
        var result = await client.PushPaymentAsync(Company, new NinjaPaymentPush("pay-1", "Wpmbk5ezJn", "inv1", 5m, new DateOnly(2026, 12, 1)), Ct);

        Assert.True(result.Created);
        Assert.Equal(2, _fake.PaymentsCreated);
    }

    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
    }
}
