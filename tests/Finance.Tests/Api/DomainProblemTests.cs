using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Finance.Api.Auth;
using Finance.Tests.Infrastructure;
using Finance.Tests.Invoicing;

namespace Finance.Tests.Api;

/// <summary>
/// One error model (issue 11, item 4): whichever layer refuses (invoicing, flows, the company check), the answer is the
/// same RFC 9457 problem for the same kind of refusal: status, title, the RFC 9110 type, and a stable <c>code</c>.
/// </summary>
public sealed class DomainProblemTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly HttpClient _admin = fixture.Api.ClientWithToken();

    [Fact]
    public async Task Refusals_OfEachKind_AnswerTheirProblemWithACode()
    {
        var client = new InvoicingClient(_admin);
        var draft = await client.CreateDraftAsync("HYPERVISUAL", (await client.CreateCustomerAsync()).Id);
        var dainamicsOnly = fixture.Api.ClientWithToken(Roles.Admin, "DAINAMICS");

        await AssertProblemAsync(await _admin.GetAsync($"/api/invoices/{Guid.NewGuid()}"), 404, "Not found", "not_found", "15.5.5");
        await AssertProblemAsync(await _admin.GetAsync("/api/flows/instances/no-such-instance"), 404, "Not found", "not_found", "15.5.5");
        await AssertProblemAsync(await _admin.PostAsJsonAsync("/api/flows/instances", new { flowId = "no.such.flow", company = "HYPERVISUAL" }),
            404, "Not found", "flow.not_found", "15.5.5");
        await AssertProblemAsync(await dainamicsOnly.GetAsync($"/api/invoices/{draft.Id}"), 403, "Forbidden", "company.forbidden", "15.5.4");
        await AssertProblemAsync(await _admin.PostAsync($"/api/invoices/{draft.Id}/sent", null), 409, "Conflict", "conflict", "15.5.10");
        var fields = await AssertProblemAsync(await _admin.PostAsJsonAsync("/api/customers", InvoicingClient.Customer() with { Name = "" }),
            400, "One or more validation errors occurred.", "validation_failed", "15.5.1");
        Assert.NotNull(fields["errors"]!["name"]);
    }

    private static async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, int status, string title, string? code, string rfc9110Section)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{(int)response.StatusCode} instead of {status}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal(status, (int?)problem["status"]);
        Assert.Equal(title, (string?)problem["title"]);
        Assert.Equal($"https://tools.ietf.org/html/rfc9110#section-{rfc9110Section}", (string?)problem["type"]);
        if (code is not null) Assert.Equal(code, (string?)problem["code"]);
        return problem;
    }
}
