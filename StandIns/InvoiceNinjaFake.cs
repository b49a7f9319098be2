using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Finance.StandIns;

/// <summary>
/// Invoice Ninja v5 on a <see cref="WireMockServer"/>, from seed data: <c>X-API-TOKEN</c> required (401
/// <c>AuthenticationError</c> otherwise); <c>GET /api/v1/{clients|invoices|payments}</c> with <c>per_page</c> (default 20),
/// <c>page</c>, <c>updated_at</c> (kept when at or after it), <c>client_id</c> and <c>filter</c> (payments: amount, date,
/// number, custom_value1–4), answering <c>{data, meta.pagination}</c>; <c>GET …/{id}</c>; <c>POST /api/v1/payments</c>
/// applying the payment to its invoices. Single records are answered bare, as the OpenAPI gives them.
/// </summary>
public sealed class InvoiceNinjaFake
{
    private const int Priority = 100;
    private static readonly string[] Resources = ["clients", "invoices", "payments"];
    private static readonly string[] PaymentSearchFields = ["amount", "date", "number", "custom_value1", "custom_value2", "custom_value3", "custom_value4"];
    private readonly WireMockServer _server;
    private readonly InvoiceNinjaSeed _seed;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    public InvoiceNinjaFake(WireMockServer server, InvoiceNinjaSeed seed, TimeProvider? time = null)
    {
        (_server, _seed, _time) = (server, seed, time ?? TimeProvider.System);
        foreach (var resource in Resources)
        {
            server.Given(Request.Create().WithPath($"/api/v1/{resource}").UsingGet()).AtPriority(Priority)
                .RespondWith(Response.Create().WithCallback(r => Authorized(r) ?? List(resource, r)));
            server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher($"^/api/v1/{resource}/[^/]+$")).UsingGet()).AtPriority(Priority)
                .RespondWith(Response.Create().WithCallback(r => Authorized(r) ?? One(resource, r.Path.Split('/')[^1])));
        }
        server.Given(Request.Create().WithPath("/api/v1/payments").UsingPost()).AtPriority(Priority)
            .RespondWith(Response.Create().WithCallback(r => Authorized(r) ?? CreatePayment(r)));
    }

    public string BaseUrl => _server.Url!;

    /// <summary>Payments created through the API since start (seeded ones excluded).</summary>
    public int PaymentsCreated { get; private set; }

    private JsonArray Records(string resource) => resource switch
    {
        "clients" => _seed.Clients,
        "invoices" => _seed.Invoices,
        _ => _seed.Payments,
    };

    private ResponseMessage? Authorized(IRequestMessage request) =>
        FakeHttp.Header(request, "X-API-TOKEN") == _seed.ApiToken
            ? null
            : FakeHttp.Json(401, new JsonObject { ["message"] = "Invalid token" });

    private ResponseMessage List(string resource, IRequestMessage request)
    {
        var perPage = Math.Max(1, Number(FakeHttp.Query(request, "per_page")) ?? 20);
        var page = Math.Max(1, Number(FakeHttp.Query(request, "page")) ?? 1);
        var since = Since(FakeHttp.Query(request, "updated_at"));
        var clientId = FakeHttp.Query(request, "client_id");
        var filter = FakeHttp.Query(request, "filter");
        lock (_lock)
        {
            var matching = Records(resource).OfType<JsonObject>()
                .Where(r => since is null || (long?)r["updated_at"] >= since)
                .Where(r => clientId is null || (string?)r["client_id"] == clientId)
                .Where(r => filter is null || resource != "payments" || PaymentSearchFields.Any(f => r[f]?.ToString().Contains(filter, StringComparison.OrdinalIgnoreCase) == true))
                .ToList();
            var data = matching.Skip((page - 1) * perPage).Take(perPage).Select(FakeHttp.Copy).ToArray();
            var totalPages = Math.Max(1, (matching.Count + perPage - 1) / perPage);
            return FakeHttp.Json(200, new JsonObject
            {
                ["data"] = new JsonArray(data),
                ["meta"] = new JsonObject
                {
                    ["pagination"] = new JsonObject
                    {
                        ["total"] = matching.Count,
                        ["count"] = data.Length,
                        ["per_page"] = perPage,
                        ["current_page"] = page,
                        ["total_pages"] = totalPages,
                        ["links"] = new JsonObject(),
                    },
                },
            });
        }
    }

    private ResponseMessage One(string resource, string id)
    {
        lock (_lock)
        {
            var record = Find(resource, id);
            return record is null ? FakeHttp.Json(404, new JsonObject { ["message"] = "Record not found" }) : FakeHttp.Json(200, FakeHttp.Copy(record));
        }
    }

    private ResponseMessage CreatePayment(IRequestMessage request)
    {
        var body = JsonNode.Parse(request.Body ?? "{}") as JsonObject ?? [];
        var amount = Money(body["amount"]);
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        lock (_lock)
        {
            if ((string?)body["client_id"] is not { } clientId || Find("clients", clientId) is null)
                return FakeHttp.Json(422, new JsonObject { ["message"] = "The given data was invalid.", ["errors"] = new JsonObject { ["client_id"] = new JsonArray("The selected client id is invalid.") } });
            var applied = new JsonArray();
            foreach (var line in (body["invoices"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var invoice = Find("invoices", (string?)line["invoice_id"] ?? "");
                if (invoice is null) return FakeHttp.Json(422, new JsonObject { ["message"] = "The given data was invalid." });
                var paid = Money(line["amount"]);
                var balance = Money(invoice["balance"]) - paid;
                invoice["balance"] = balance;
                invoice["paid_to_date"] = Money(invoice["paid_to_date"]) + paid;
                invoice["status_id"] = balance <= 0 ? "4" : "3";
                invoice["updated_at"] = now;
                applied.Add(new JsonObject { ["invoice_id"] = invoice["id"]!.DeepClone(), ["amount"] = paid.ToString("0.00", CultureInfo.InvariantCulture) });
            }
            PaymentsCreated++;
            var payment = new JsonObject
            {
                ["id"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5)),
                ["client_id"] = clientId,
                ["number"] = $"PAY_{_seed.Payments.Count + 1:000}",
                ["amount"] = amount,
                ["refunded"] = 0,
                ["date"] = body["date"]?.DeepClone(),
                ["transaction_reference"] = body["transaction_reference"]?.DeepClone(),
                ["private_notes"] = body["private_notes"]?.DeepClone(),
                ["is_manual"] = true,
                ["is_deleted"] = false,
                ["updated_at"] = now,
                ["invoices"] = applied,
            };
            for (var i = 1; i <= 4; i++) payment[$"custom_value{i}"] = body[$"custom_value{i}"]?.DeepClone() ?? "";
            _seed.Payments.Add(payment);
            return FakeHttp.Json(200, FakeHttp.Copy(payment));
        }
    }

    private JsonObject? Find(string resource, string id) => Records(resource).OfType<JsonObject>().FirstOrDefault(r => (string?)r["id"] == id);

    /// <summary>Amounts arrive as JSON numbers or strings (<c>InvoicePaymentable.amount</c> is a string in the OpenAPI).</summary>
    private static decimal Money(JsonNode? node) => node is null ? 0m : decimal.Parse(node.ToString(), NumberStyles.Number, CultureInfo.InvariantCulture);

    private static int? Number(string? text) => int.TryParse(text, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>"a datetime string or unix timestamp" (OpenAPI <c>updated_at</c> filter).</summary>
    private static long? Since(string? text) =>
        text is null ? null
        : long.TryParse(text, CultureInfo.InvariantCulture, out var seconds) ? seconds
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.ToUnixTimeSeconds()
        : null;
}
