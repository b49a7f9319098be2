using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Finance.Api.Auth;
using Finance.Api.Banking;
using Finance.Api.Flows;
using Finance.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Finance.Tests.Banking;

/// <summary>
/// <c>POST /api/banking/revolut/webhooks/{company}</c>: authenticated by Revolut's v2 signature alone (a bearer token
/// is no substitute), within the tolerance window, each message once; a transaction event starts the company's sync.
/// Every refusal is a problem and starts nothing.
/// </summary>
public sealed class RevolutWebhookApiTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string Company = "DAINAMICS";
    private const string Secret = "wsk_7f3c9b2a41e84d0c9a6e5b1f2d3c4b5a";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
    private ApiFactory Api { get; set; } = null!;

    public Task InitializeAsync()
    {
        using var key = RSA.Create(2048);
        Api = new ApiFactory(database, _clock, new Dictionary<string, string>
        {
            [$"Revolut:Companies:{Company}:ClientId"] = "dainamics-app",
            [$"Revolut:Companies:{Company}:RefreshToken"] = "oa_prod_dainamics",
            [$"Revolut:Companies:{Company}:Issuer"] = "finance.dainamics.ch",
            [$"Revolut:Companies:{Company}:PrivateKeyPem"] = key.ExportPkcs8PrivateKeyPem(),
            [$"Revolut:Companies:{Company}:BaseUrl"] = "http://127.0.0.1:9/api/1.0",
            [$"Revolut:Companies:{Company}:WebhookSigningSecret"] = Secret,
            // A connection without webhooks: its URL does not exist.
            ["Revolut:Companies:TAKEOUT:ClientId"] = "takeout-app",
            ["Revolut:Companies:TAKEOUT:RefreshToken"] = "oa_prod_takeout",
            ["Revolut:Companies:TAKEOUT:Issuer"] = "finance.takeout.ch",
            ["Revolut:Companies:TAKEOUT:PrivateKeyPem"] = key.ExportPkcs8PrivateKeyPem(),
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Api.DisposeAsync();

    [Fact]
    public async Task TransactionCreated_Signed_StartsTheCompanysSyncOnce_AReplayIsRefused()
    {
        var transactionId = Guid.NewGuid().ToString();
        var body = Event("TransactionCreated", transactionId);
        var anonymous = Api.CreateClient();

        var first = await anonymous.SendAsync(Signed(body, Secret, _clock.GetUtcNow()));
        var replay = await anonymous.SendAsync(Signed(body, Secret, _clock.GetUtcNow()));
        var completed = await anonymous.SendAsync(Signed(Event("TransactionStateChanged", transactionId, "completed"), Secret, _clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var started = (await first.Content.ReadFromJsonAsync<RevolutWebhookResponse>())!;
        Assert.Equal(("TransactionCreated", $"revolut-webhook-dainamics-{transactionId}-created"), (started.Event, started.InstanceId));
        var instance = (await Api.ClientWithToken().GetFromJsonAsync<FlowInstanceDetailsResponse>($"/api/flows/instances/{started.InstanceId}"))!;
        Assert.Equal(("sync", Company, "revolut"), (instance.Instance.FlowId, instance.Instance.Company, (string?)instance.Input!["source"]));
        await ProblemAsync(replay, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal($"revolut-webhook-dainamics-{transactionId}-completed", (await completed.Content.ReadFromJsonAsync<RevolutWebhookResponse>())!.InstanceId);
    }

    [Fact]
    public async Task OtherEvents_AreAcknowledged_StartNothing()
    {
        var answer = await Api.CreateClient().SendAsync(Signed("""{"event":"PayoutLinkCreated","timestamp":"2026-12-02T09:00:00Z","data":{"id":"pl-1"}}""",
            Secret, _clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(new RevolutWebhookResponse("PayoutLinkCreated", null), await answer.Content.ReadFromJsonAsync<RevolutWebhookResponse>());
    }

    [Fact]
    public async Task Refusals_AreProblems_AndStartNothing()
    {
        var anonymous = Api.CreateClient();
        var admin = Api.ClientWithToken(Roles.Admin, "*");
        var now = _clock.GetUtcNow();
        var id = Guid.NewGuid().ToString();

        // Wrong secret, no headers, a bearer token instead of a signature, a stale message, a body altered after signing.
        await ProblemAsync(await anonymous.SendAsync(Signed(Event("TransactionCreated", id), "wsk_wrong", now)), HttpStatusCode.Unauthorized);
        await ProblemAsync(await anonymous.SendAsync(Unsigned(Event("TransactionCreated", id))), HttpStatusCode.Unauthorized);
        await ProblemAsync(await admin.SendAsync(Unsigned(Event("TransactionCreated", id))), HttpStatusCode.Unauthorized);
        await ProblemAsync(await anonymous.SendAsync(Signed(Event("TransactionCreated", id), Secret, now.AddMinutes(-6))), HttpStatusCode.Unauthorized);
        var altered = Signed(Event("TransactionCreated", id), Secret, now);
        altered.Content = new StringContent(Event("TransactionCreated", Guid.NewGuid().ToString()), Encoding.UTF8, "application/json");
        await ProblemAsync(await anonymous.SendAsync(altered), HttpStatusCode.Unauthorized);
        // Unknown company, a company whose connection has no webhook secret, a body that is not an event, one too large.
        await ProblemAsync(await anonymous.SendAsync(Signed(Event("TransactionCreated", id), Secret, now, "NOSUCH")), HttpStatusCode.NotFound);
        await ProblemAsync(await anonymous.SendAsync(Signed(Event("TransactionCreated", id), Secret, now, "TAKEOUT")), HttpStatusCode.NotFound);
        await ProblemAsync(await anonymous.SendAsync(Signed("{not json", Secret, now)), HttpStatusCode.BadRequest);
        await ProblemAsync(await anonymous.SendAsync(Signed("""["TransactionCreated"]""", Secret, now)), HttpStatusCode.BadRequest);
        await ProblemAsync(await anonymous.SendAsync(Signed(Event("TransactionCreated", new string('x', 70_000)), Secret, now)), HttpStatusCode.RequestEntityTooLarge);

        var instances = (await Api.ClientWithToken(Roles.Admin, "*").GetFromJsonAsync<FlowInstanceResponse[]>("/api/flows/instances?flow=sync&limit=100"))!;
        Assert.DoesNotContain(instances, i => i.Id.Contains(id, StringComparison.Ordinal));
    }

    private static string Event(string name, string transactionId, string? newState = null) => newState is null
        ? $$$"""{"event":"{{{name}}}","timestamp":"2026-12-02T09:00:00Z","data":{"id":"{{{transactionId}}}","type":"transfer","state":"pending","legs":[]}}"""
        : $$$"""{"event":"{{{name}}}","timestamp":"2026-12-02T09:00:00Z","data":{"id":"{{{transactionId}}}","old_state":"pending","new_state":"{{{newState}}}"}}""";

    /// <summary>As Revolut signs (guide "Verify the payload signature"): v1=hex(HMAC-SHA256(secret, "v1.{ms}.{body}")).</summary>
    private static HttpRequestMessage Signed(string body, string secret, DateTimeOffset at, string company = Company)
    {
        var timestamp = at.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v1.{timestamp}.{body}")));
        var request = Unsigned(body, company);
        request.Headers.Add("Revolut-Request-Timestamp", timestamp);
        request.Headers.Add("Revolut-Signature", $"v1={signature}");
        return request;
    }

    private static HttpRequestMessage Unsigned(string body, string company = Company) =>
        new(HttpMethod.Post, $"/api/banking/revolut/webhooks/{company}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static async Task ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((int)status, (int?)problem["status"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]));
    }
}
