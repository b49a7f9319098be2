using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Finance.Core.Integrations.Revolut;
using Finance.StandIns;
using Microsoft.Extensions.Time.Testing;
using WireMock.Server;

namespace Finance.Tests.Integrations;

/// <summary>
/// One company's Revolut application against <see cref="RevolutFake"/> on a fake clock: a fresh RSA key whose public half
/// the fake checks assertions with, and a <see cref="RevolutClient"/> wired as <c>AddRevolut</c> wires it.
/// </summary>
internal sealed class RevolutKit : IDisposable
{
    public const string Company = "HYPERVISUAL";
    public const string ClientId = "rq7bLPqHvN6GsChsKQRdvMvH3TUo2tOCxNXvrN4hZj8";
    public const string RefreshToken = "oa_prod_rPo9OmbMAuguhQffR6RLR4nvmzpx4NJtpdyvGKkrS3U";
    public const string Issuer = "finance.hypervisual.ch";

    public RevolutKit(JsonArray? transactions = null, Action<RevolutOptions>? configure = null, RSA? signingKey = null)
    {
        Key = RSA.Create(2048);
        Server = WireMockServer.Start();
        Fake = new RevolutFake(Server, new RevolutSeed
        {
            ClientId = ClientId,
            RefreshToken = RefreshToken,
            Issuer = Issuer,
            PublicKeyPem = Key.ExportSubjectPublicKeyInfoPem(),
            Accounts = SpecAccounts(),
            Transactions = transactions ?? SpecTransactions(),
        }, Time);
        Options = new RevolutOptions
        {
            PageSize = 3,
            RetryMinDelay = TimeSpan.FromSeconds(1),
            RetryMaxDelay = TimeSpan.FromSeconds(8),
            Companies =
            {
                [Company] = new RevolutCompanyOptions
                {
                    ClientId = ClientId,
                    RefreshToken = RefreshToken,
                    Issuer = Issuer,
                    PrivateKeyPem = (signingKey ?? Key).ExportPkcs8PrivateKeyPem(),
                    BaseUrl = new Uri(Fake.BaseUrl),
                },
            },
        };
        configure?.Invoke(Options);
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        Tokens = new RevolutTokens(options, Time);
        Client = new RevolutClient(new HttpClient(), Tokens, new InProcessRateGate(new RateLimit(Options.RequestsPerWindow, Options.RateWindow), Time), options, Time);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));

    public RSA Key { get; }

    public WireMockServer Server { get; }

    public RevolutFake Fake { get; }

    public RevolutOptions Options { get; }

    public RevolutTokens Tokens { get; }

    public RevolutClient Client { get; }

    public int Requests(string path) => Server.LogEntries.Count(e => e.RequestMessage.Path == RevolutFake.ApiPath + path);

    /// <summary>Moves the fake clock a step at a time until <paramref name="task"/> ends (its waits are on that clock); returns the time moved.</summary>
    public async Task<TimeSpan> AdvanceUntilDoneAsync(Task task, TimeSpan step)
    {
        var start = Time.GetUtcNow();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!task.IsCompleted)
        {
            await Task.Delay(20, limit.Token);
            Time.Advance(step);
        }
        await task;
        return Time.GetUtcNow() - start;
    }

    /// <summary>The example of <c>GET /accounts</c> in the OpenAPI (business.yaml), as given.</summary>
    public static JsonArray SpecAccounts() => (JsonArray)JsonNode.Parse("""
        [
          { "id": "b7ec67d3-5af1-42c8-bece-3d28nlmo894d", "name": "International account", "balance": 3171.89, "currency": "GBP",
            "state": "active", "public": false, "created_at": "2022-08-05T14:29:22.215785Z", "updated_at": "2022-08-05T14:29:22.215785Z" },
          { "id": "bssc67d3-5afd-42c2-bece-3d28nlmo894d", "name": "International account 2", "balance": 411561.89, "currency": "EUR",
            "state": "active", "public": true, "created_at": "2022-08-25T14:29:22.215785Z", "updated_at": "2022-08-30T14:29:22.215785Z" }
        ]
        """)!;

    /// <summary>The three examples of <c>GET /transactions</c> in the OpenAPI (business.yaml), as given.</summary>
    public static JsonArray SpecTransactions() => (JsonArray)JsonNode.Parse("""
        [
          { "id": "630f9890-95e3-add1-be4a-95f126988221", "type": "transfer", "state": "pending", "request_id": "invoice00912345",
            "created_at": "2024-08-31T17:21:20.364171Z", "updated_at": "2024-08-31T17:21:20.364171Z", "reference": "invoice00912345",
            "legs": [ { "leg_id": "630f9890-95e3-add1-0000-95f1269f0000", "account_id": "812fff9a-3b0c-4ad1-b41a-cc60899d9900",
                        "counterparty": { "account_type": "revolut", "account_id": "e0af9f24-504c-4c5d-bd1d-07edf9f49876" },
                        "amount": -1.16, "currency": "EUR", "bill_amount": -1, "bill_currency": "GBP", "description": "To John Doe" } ] },
          { "id": "640c2b97-aaaa-1234-aaaa-c47a165c2e7e", "type": "card_payment", "state": "completed", "request_id": "REVP:8988a9a0-aaaa-1234-aaaa-5bcc66d938bf",
            "created_at": "2024-03-11T07:19:51.302559Z", "updated_at": "2024-03-12T02:13:36.842322Z", "completed_at": "2024-03-12T02:13:36.836595Z",
            "merchant": { "name": "Acme Corp.", "full_name": "ACME*1234MN1HA2", "city": "New York", "category_code": "7311", "country": "USA" },
            "legs": [ { "leg_id": "640c2b97-aaaa-1234-aaaa-c47a165c2e7e", "account_id": "92e43866-aaaa-1234-aaaa-6e31dd23f024", "amount": -47.8, "fee": 0.66,
                        "currency": "AED", "bill_amount": -13, "bill_currency": "USD", "description": "Acm *1234mn1ha2", "balance": 7.74 } ],
            "card": { "id": "2b1a31bc-4795-4f95-b939-ae9cf911dc6e", "card_number": "516760******1234", "first_name": "John", "last_name": "Smith", "phone": "+12412341234" } },
          { "id": "6886001b-c4a4-4920-912b-c9d7d2575bf7", "type": "card_payment", "state": "completed", "request_id": "REVP:5b3dc80d-f77b-4073-b245-d05f0acd348f",
            "created_at": "2025-09-11T07:19:51.302559Z", "updated_at": "2025-09-12T02:13:36.842322Z", "completed_at": "2025-03-12T02:13:36.836595Z",
            "merchant": { "name": "Alfa", "city": "Paris", "category_code": "7311", "country": "FRA" },
            "legs": [ { "leg_id": "0e82681d-10db-40b7-b6c8-f99c595f1c82", "account_id": "5e85a129-74c9-4714-bbd2-d762b42b15fb", "amount": -153.32, "fee": 0,
                        "currency": "EUR", "description": "Al 1234abcxyz0", "balance": 3210.43 } ],
            "card": { "id": "12d6d4c2-288b-4670-8297-444720bd811b", "card_number": "456230******1433",
                      "references": [ { "name": "PNR", "value": "RT12345" }, { "name": "Traveller", "value": "John Smith" } ] } }
        ]
        """)!;

    /// <summary><paramref name="count"/> transfers of CHF 10.01, 10.02, … created an hour apart from 2026-11-01 00:00 UTC.</summary>
    public static JsonArray Transfers(int count, Func<int, DateTimeOffset>? createdAt = null) => new([.. Enumerable.Range(1, count).Select(i => (JsonNode)new JsonObject
    {
        ["id"] = $"00000000-0000-4000-8000-{i:000000000000}",
        ["type"] = "transfer",
        ["state"] = "completed",
        ["created_at"] = (createdAt?.Invoke(i) ?? new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).AddHours(i)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["legs"] = new JsonArray(new JsonObject
        {
            ["leg_id"] = $"10000000-0000-4000-8000-{i:000000000000}",
            ["account_id"] = "b7ec67d3-5af1-42c8-bece-3d28a1b2c894",
            ["amount"] = JsonValue.Create(10m + i / 100m),
            ["currency"] = "CHF",
            ["description"] = $"Transfer {i}",
        }),
    })]);

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
        Key.Dispose();
    }
}
