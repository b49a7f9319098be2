using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Finance.Api.Invoicing;
using Finance.Tests.Infrastructure;
using Finance.Tests.Invoicing;
using static Finance.Tests.Api.CompanyEndpointTests;

namespace Finance.Tests.Api.Hardening;

/// <summary>
/// Each input an outside tester found answered with 500 or silently accepted (hardening issue, findings 3 and 4): now a
/// 4xx problem detail, and no row written anywhere. The OpenAPI-driven suite walks every operation; these are the cases as reported.
/// </summary>
public sealed class ReportedBadInputTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const string Nul = "a\u0000b";
    private static readonly string Megabyte = new('x', 1024 * 1024);
    private readonly ApiFactory _api = fixture.Api;

    public static TheoryData<string, string> Cases => new()
    {
        // NUL (U+0000) in text: PostgreSQL 22021 / 22P05 before.
        { "customer building number NUL", "customer:address.buildingNumber=" + Nul },
        { "customer VAT number NUL", "customer:vatNumber=" + Nul },
        { "customer company NUL", "customer:company=" + Nul },
        { "invoice notes NUL", "draft:notes=" + Nul },
        { "invoice line description NUL", "draft:lines.0.description=" + Nul },
        { "invoice company NUL", "draft:company=" + Nul },
        { "payment reference NUL", "payment:reference=" + Nul },
        { "credit note notes NUL", "credit:notes=" + Nul },
        { "flow name NUL", "flow:name=" + Nul },
        { "flow signal NUL", "flow:steps.0.signal=" + Nul },
        { "instance flowId NUL", "instance:flowId=" + Nul },
        { "instance company NUL", "instance:company=" + Nul },
        { "instance correlationId NUL", "instance:correlationId=" + Nul },
        // Sizes and ranges.
        { "invoice date 9999-12-31", "draft:invoiceDate=9999-12-31" },
        { "wait timeout P999999999D", "flow:steps.0.timeout=P999999999D" },
        { "wait timeout -P1D", "flow:steps.0.timeout=-P1D" },
        { "flow id 1 MB", "flow:id=" + Megabyte },
        { "flow id traversal", "flow:id=../../../../etc/passwd" },
        { "flow name 1 MB", "flow:name=" + Megabyte },
        { "flow signal 1 MB", "flow:steps.0.signal=" + Megabyte },
        { "instance correlationId 1 MB", "instance:correlationId=" + Megabyte },
        { "credit note notes 1 MB", "credit:notes=" + Megabyte },
        // Required numbers left out.
        { "customer without paymentTermsDays", "customer:-paymentTermsDays" },
        { "line without unitPrice", "draft:-lines.0.unitPrice" },
        { "line without vatRate", "draft:-lines.0.vatRate" },
        { "credit note line without unitPrice", "credit:-lines.0.unitPrice" },
        { "payment without amount", "payment:-amount" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Request_ReportedBadInput_Returns4xxProblemAndWritesNothing(string name, string change)
    {
        var invoice = await new InvoicingClient(_api.ClientWithToken()).IssuedInvoiceAsync();
        var (kind, edit) = (change[..change.IndexOf(':', StringComparison.Ordinal)], change[(change.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        var (url, body) = ValidRequest(kind, invoice);
        Apply(body, edit);
        var before = await TableCounts.OfAsync(fixture.DataSource);

        var response = await _api.ClientWithToken().PostAsync(url, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{name}: {(int)response.StatusCode} {await Excerpt(response)}");
        await AssertProblemAsync(response, response.StatusCode);
        TableCounts.AssertSame(before, await TableCounts.OfAsync(fixture.DataSource), name);
    }

    [Fact]
    public async Task Request_FlowOfTenThousandSteps_IsRefusedAndNotStored()
    {
        var steps = new JsonArray([.. Enumerable.Range(0, 10_000).Select(i => (JsonNode)new JsonObject { ["kind"] = "complete", ["id"] = $"s{i}" })]);
        var body = new JsonObject { ["id"] = "too.many.steps", ["version"] = 1, ["name"] = "Big", ["steps"] = steps };

        var saved = await _api.ClientWithToken().PostAsync("/api/flows/definitions", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var validated = await _api.ClientWithToken().PostAsync("/api/flows/definitions/validate", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        await AssertProblemAsync(saved, HttpStatusCode.BadRequest, "invalid");
        Assert.Contains("At most 500 steps", await validated.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.ClientWithToken().GetAsync("/api/flows/definitions/too.many.steps/versions")).StatusCode);
    }

    [Fact]
    public async Task Request_JsonBodyOverTheLimit_Returns413()
    {
        var body = new JsonObject { ["notes"] = new string('x', 2 * 1024 * 1024) };
        var response = await _api.ClientWithToken().PostAsync("/api/customers", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Request_NulInQueryOrPath_Returns400()
    {
        await AssertProblemAsync(await _api.ClientWithToken().GetAsync("/api/invoices?company=HYPER%00VISUAL"), HttpStatusCode.BadRequest, "NUL");
        await AssertProblemAsync(await _api.ClientWithToken().GetAsync($"/api/flows/instances/{new string('x', 5000)}"), HttpStatusCode.BadRequest, "path segment");
    }

    private static (string Url, JsonObject Body) ValidRequest(string kind, InvoiceResponse invoice) => kind switch
    {
        "customer" => ("/api/customers", JsonSerializerNode(InvoicingClient.Customer())),
        "draft" => ("/api/invoices", JsonSerializerNode(InvoicingClient.Draft("HYPERVISUAL", invoice.CustomerId))),
        "payment" => ($"/api/invoices/{invoice.Id}/payments", JsonSerializerNode(new PaymentRequest(new DateOnly(2026, 3, 1), 10m, "CHF", "ref"))),
        "credit" => ($"/api/invoices/{invoice.Id}/credit-notes", JsonSerializerNode(new CreditNoteRequest(null, "goodwill", [new("Goodwill", 1, 10m, 0, 8.1m)]))),
        "flow" => ("/api/flows/definitions", JsonNode.Parse($$"""
            {"id":"reported.{{Guid.NewGuid():N}}","version":1,"name":"Reported","steps":[
              {"kind":"wait","id":"w","signal":"go","timeout":"P1D","onTimeout":[{"kind":"complete","id":"late"}]},
              {"kind":"complete","id":"done"}]}
            """)!.AsObject()),
        "instance" => ("/api/flows/instances", new JsonObject { ["flowId"] = "invoice.overdue-check", ["company"] = "HYPERVISUAL", ["correlationId"] = "c-1" }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static readonly System.Text.Json.JsonSerializerOptions WebJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    private static JsonObject JsonSerializerNode<T>(T value) => System.Text.Json.JsonSerializer.SerializeToNode(value, WebJson)!.AsObject();

    /// <summary><c>a.b.0.c=value</c> sets a (string) leaf; <c>-a.b</c> removes it.</summary>
    private static void Apply(JsonObject body, string edit)
    {
        var remove = edit.StartsWith('-');
        var (path, value) = remove ? (edit[1..], null) : (edit[..edit.IndexOf('=', StringComparison.Ordinal)], edit[(edit.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        var parts = path.Split('.');
        JsonNode node = body;
        foreach (var part in parts[..^1]) node = int.TryParse(part, out var i) ? node[i]! : node[part]!;
        if (remove) node.AsObject().Remove(parts[^1]);
        else node[parts[^1]] = value;
    }

    private static async Task<string> Excerpt(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length > 300 ? text[..300] : text;
    }
}
