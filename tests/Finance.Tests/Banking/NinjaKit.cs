using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using Finance.Core.Banking.Sync;
using Finance.StandIns;
using Finance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using WireMock.Server;

namespace Finance.Tests.Banking;

/// <summary>
/// One company's Invoice Ninja on <see cref="InvoiceNinjaFake"/> (WireMock, the OpenAPI's shapes) and the real API host over
/// the class's database, both on one fake clock, the company configured under <c>InvoiceNinja:Companies</c>.
/// </summary>
internal sealed class NinjaKit : IAsyncDisposable
{
    public const string Token = "ninja-5f0c2e8a91d34b7e";

    private NinjaKit(DatabaseFixture database, string company, InvoiceNinjaSeed seed, string token)
    {
        (Company, Seed) = (company, seed);
        Fake = new InvoiceNinjaFake(Server, seed, Time);
        Api = new ApiFactory(database, Time, new Dictionary<string, string>
        {
            [$"InvoiceNinja:Companies:{company}:BaseUrl"] = Fake.BaseUrl,
            [$"InvoiceNinja:Companies:{company}:ApiToken"] = token,
        });
    }

    public static NinjaKit Start(DatabaseFixture database, string company, JsonArray clients, JsonArray invoices, string token = Token) =>
        new(database, company, new InvoiceNinjaSeed { ApiToken = token, Clients = clients, Invoices = invoices }, token);

    /// <summary>Another API host on the same fake (a second configuration, e.g. a wrong token).</summary>
    public ApiFactory ApiWithToken(DatabaseFixture database, string token) => new(database, Time, new Dictionary<string, string>
    {
        [$"InvoiceNinja:Companies:{Company}:BaseUrl"] = Fake.BaseUrl,
        [$"InvoiceNinja:Companies:{Company}:ApiToken"] = token,
    });

    public static readonly DateTimeOffset Start0 = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Start0);

    public WireMockServer Server { get; } = WireMockServer.Start();

    public InvoiceNinjaFake Fake { get; }

    public InvoiceNinjaSeed Seed { get; }

    public ApiFactory Api { get; }

    public string Company { get; }

    public NpgsqlDataSource DataSource => Api.Services.GetRequiredService<NpgsqlDataSource>();

    public Task<SyncResult> SyncAsync(CancellationToken cancellationToken = default) =>
        Api.Services.GetRequiredService<NinjaSync>().SyncAsync(Company, cancellationToken);

    public int Requests(string method, string path, string? withQuery = null) => Server.LogEntries.Count(e =>
        e.RequestMessage.Method == method && e.RequestMessage.Path == path && (withQuery is null || e.RequestMessage.Query?.ContainsKey(withQuery) == true));

    public JsonObject TheirInvoice(string id) => Seed.Invoices.OfType<JsonObject>().Single(i => (string?)i["id"] == id);

    /// <summary>Our invoice copied from <paramref name="externalId"/>: id, number, status, total, paid, and its lines' unit prices.</summary>
    public async Task<(Guid Id, string Number, string Status, decimal Total, decimal Paid)> OursAsync(string externalId)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(Guid, string, string, decimal, decimal)>("""
            SELECT i.id, i.number, i.status, i.total, i.paid_amount FROM invoices i JOIN companies c ON c.id = i.company_id
            WHERE c.code = @Company AND i.external_source = 'invoice_ninja' AND i.external_id = @externalId
            """, new { Company, externalId });
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql, new { Company });
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(sql, new { Company });
    }

    public static JsonObject Client(string id, string name, DateTimeOffset updated, string street, string postalCode, string city, string email) => new()
    {
        ["id"] = id, ["name"] = name, ["number"] = $"CL-{id[..4]}", ["address1"] = street, ["address2"] = "", ["city"] = city, ["state"] = "",
        ["postal_code"] = postalCode, ["country_id"] = "756", ["vat_number"] = "", ["balance"] = 0, ["paid_to_date"] = 0,
        ["contacts"] = new JsonArray(new JsonObject { ["first_name"] = "Compta", ["last_name"] = name, ["email"] = email, ["is_primary"] = true }),
        ["settings"] = new JsonObject { ["currency_id"] = "17", ["language_id"] = "4", ["payment_terms"] = 30 },
        ["updated_at"] = updated.ToUnixTimeSeconds(), ["archived_at"] = 0, ["is_deleted"] = false,
    };

    /// <summary>One line at <paramref name="cost"/> with Swiss VAT <paramref name="rate"/>; amount and taxes as Invoice Ninja computes them.</summary>
    public static JsonObject Invoice(string id, string clientId, string number, decimal cost, DateTimeOffset updated, string status = "2", decimal rate = 8.1m,
        decimal paid = 0m)
    {
        var tax = decimal.Round(cost * rate / 100m, 2, MidpointRounding.AwayFromZero);
        return new JsonObject
        {
            ["id"] = id, ["client_id"] = clientId, ["number"] = number, ["status_id"] = status, ["amount"] = cost + tax, ["balance"] = cost + tax - paid,
            ["paid_to_date"] = paid, ["total_taxes"] = tax, ["uses_inclusive_taxes"] = false, ["discount"] = 0, ["tax_rate1"] = 0, ["tax_rate2"] = 0,
            ["tax_rate3"] = 0, ["date"] = "2026-11-20", ["due_date"] = "2026-12-20", ["updated_at"] = updated.ToUnixTimeSeconds(), ["is_deleted"] = false,
            ["line_items"] = new JsonArray(Line(cost, rate)),
        };
    }

    public static JsonObject Line(decimal cost, decimal rate) => new()
    {
        ["quantity"] = 1, ["cost"] = cost, ["product_key"] = "Conseil", ["notes"] = "Accompagnement projet", ["discount"] = 0, ["is_amount_discount"] = false,
        ["tax_name1"] = "TVA", ["tax_rate1"] = rate, ["tax_name2"] = "", ["tax_rate2"] = 0, ["tax_name3"] = "", ["tax_rate3"] = 0, ["line_total"] = cost,
    };

    /// <summary>Changes an invoice there as a person would: a new price on its line, later <c>updated_at</c>.</summary>
    public void Reprice(string id, decimal cost, DateTimeOffset updated)
    {
        var invoice = TheirInvoice(id);
        var tax = decimal.Round(cost * 8.1m / 100m, 2, MidpointRounding.AwayFromZero);
        invoice["amount"] = cost + tax;
        invoice["balance"] = cost + tax;
        invoice["total_taxes"] = tax;
        invoice["line_items"] = new JsonArray(Line(cost, 8.1m));
        invoice["updated_at"] = updated.ToUnixTimeSeconds();
    }

    public static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        Server.Stop();
        Server.Dispose();
    }
}
