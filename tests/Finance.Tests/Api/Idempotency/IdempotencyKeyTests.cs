using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Finance.Api.Auth;
using Finance.Api.Invoicing;
using Finance.Tests.Infrastructure;
using Finance.Tests.Invoicing;

namespace Finance.Tests.Api.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on the POSTs that move money or send something (issue 11, item 5): the same key and request
/// answer the first answer with no second effect, concurrent duplicates run once, another request under the key is a 422.
/// </summary>
public sealed class IdempotencyKeyTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly InvoicingClient _client = new(fixture.Api.ClientWithToken());

    [Fact]
    public async Task RecordPayment_SameKeyTwice_ReplaysTheFirstAnswerWithNoSecondPayment()
    {
        var invoice = await _client.IssuedInvoiceAsync();
        var key = NewKey();

        var (first, firstBody) = await SendAsync(_client.Http, Payment(invoice.Id, 500m), key);
        var (second, secondBody) = await SendAsync(_client.Http, Payment(invoice.Id, 500m), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(first.StatusCode, second.StatusCode);
        Assert.Equal(firstBody, secondBody);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", Assert.Single(second.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(1, await PaymentsAsync(invoice.Id));
        Assert.Equal(1, await fixture.DataSource.OutboxCountAsync("invoice.payment_recorded", invoice.Id));
        Assert.Equal(1, await fixture.DataSource.CountAsync("SELECT count(*) FROM flow_starts WHERE correlation_id = @id", new { id = invoice.Id.ToString() }));
        Assert.Equal(581m, (await _client.GetAsync(invoice.Id)).OpenAmount);
    }

    [Fact]
    public async Task RecordPayment_TenConcurrentDuplicates_RecordExactlyOnePaymentAndAnswerAlike()
    {
        var invoice = await _client.IssuedInvoiceAsync();
        var key = NewKey();

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => SendAsync(_client.Http, Payment(invoice.Id, 100m), key)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Response.StatusCode));
        Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Equal(9, answers.Count(a => a.Response.Headers.Contains("Idempotent-Replayed")));
        Assert.Equal(1, await PaymentsAsync(invoice.Id));
        Assert.Equal(981m, (await _client.GetAsync(invoice.Id)).OpenAmount);
    }

    [Fact]
    public async Task RecordPayment_SameKeyOtherBody_Answers422ProblemAndRecordsNothingMore()
    {
        var invoice = await _client.IssuedInvoiceAsync();
        var key = NewKey();
        await SendAsync(_client.Http, Payment(invoice.Id, 100m), key);

        var (reused, body) = await SendAsync(_client.Http, Payment(invoice.Id, 200m), key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal(422, (int?)problem["status"]);
        Assert.Equal("idempotency.key_reused", (string?)problem["code"]);
        Assert.Equal(1, await PaymentsAsync(invoice.Id));
    }

    [Fact]
    public async Task RecordPayment_SameKeyForAnotherInvoice_Answers422()
    {
        var (one, other) = (await _client.IssuedInvoiceAsync(), await _client.IssuedInvoiceAsync());
        var key = NewKey();
        await SendAsync(_client.Http, Payment(one.Id, 100m), key);

        var (reused, _) = await SendAsync(_client.Http, Payment(other.Id, 100m), key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal(0, await PaymentsAsync(other.Id));
    }

    [Fact]
    public async Task RecordPayment_SameKeyFromAnotherCaller_IsTheirOwnKey()
    {
        var invoice = await _client.IssuedInvoiceAsync();
        var key = NewKey();
        var accountant = fixture.Api.ClientWithToken(Roles.Accountant, "HYPERVISUAL");

        var (mine, myBody) = await SendAsync(_client.Http, Payment(invoice.Id, 100m), key);
        var (theirs, theirBody) = await SendAsync(accountant, Payment(invoice.Id, 100m), key);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (mine.StatusCode, theirs.StatusCode));
        Assert.NotEqual(myBody, theirBody);
        Assert.Equal(2, await PaymentsAsync(invoice.Id));
    }

    [Fact]
    public async Task RecordPayment_RefusedRequest_KeepsNoKeySoTheCorrectedRetryRuns()
    {
        var draft = await _client.CreateDraftAsync("HYPERVISUAL", (await _client.CreateCustomerAsync()).Id);
        var key = NewKey();

        var (refused, body) = await SendAsync(_client.Http, Payment(draft.Id, 100m), key);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("conflict", (string?)JsonNode.Parse(body)!["code"]);
        Assert.Equal(0, await fixture.DataSource.CountAsync("SELECT count(*) FROM idempotency_keys WHERE key = @key", new { key }));

        await _client.IssueAsync(draft.Id);
        var (accepted, _) = await SendAsync(_client.Http, Payment(draft.Id, 100m), key);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("256 characters")]
    [InlineData("ünïcode")]
    public async Task RecordPayment_MalformedKey_Answers400NamingTheHeader(string key)
    {
        var invoice = await _client.IssuedInvoiceAsync();
        var request = Payment(invoice.Id, 100m);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key == "256 characters" ? new string('k', 256) : key);

        var (response, body) = await SendAsync(_client.Http, request, null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(body)!["errors"]!["Idempotency-Key"]);
        Assert.Equal(0, await PaymentsAsync(invoice.Id));
    }

    [Fact]
    public async Task CreateCreditNote_SameKeyTwice_IssuesOneCreditNote()
    {
        var invoice = await _client.IssuedInvoiceAsync();
        var key = NewKey();

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => SendAsync(_client.Http, CreditNote(invoice.Id), key)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Response.StatusCode));
        Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Equal(1, await fixture.DataSource.CountAsync("SELECT count(*) FROM invoices WHERE credited_invoice_id = @id", new { id = invoice.Id }));
        Assert.Equal(1081m - 108.10m, (await _client.GetAsync(invoice.Id)).OpenAmount);
    }

    [Fact]
    public async Task SendInvoice_SameKey_ReplaysTheStartAndRefusesAnotherInvoice()
    {
        var (one, other) = (await _client.IssuedInvoiceAsync(), await _client.IssuedInvoiceAsync());
        var key = NewKey();

        var (first, firstBody) = await SendAsync(_client.Http, new HttpRequestMessage(HttpMethod.Post, $"/api/invoices/{one.Id}/send"), key);
        var (again, againBody) = await SendAsync(_client.Http, new HttpRequestMessage(HttpMethod.Post, $"/api/invoices/{one.Id}/send"), key);
        var (reused, _) = await SendAsync(_client.Http, new HttpRequestMessage(HttpMethod.Post, $"/api/invoices/{other.Id}/send"), key);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, again.StatusCode));
        Assert.Equal(firstBody, againBody);
        Assert.Equal(InvoiceFlowEndpoints.SendInstanceId(one.Id), (string?)JsonNode.Parse(firstBody)!["instanceId"]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal(0, await fixture.DataSource.CountAsync("SELECT count(*) FROM flow_instances WHERE id = @id", new { id = InvoiceFlowEndpoints.SendInstanceId(other.Id) }));
    }

    [Fact]
    public async Task OpenApi_MoneyAndSendingPosts_DocumentTheHeader()
    {
        var document = JsonNode.Parse(await fixture.Api.CreateClient().GetStringAsync("/openapi/v1.json"))!;

        foreach (var path in new[] { "/api/invoices/{id}/payments", "/api/invoices/{id}/credit-notes", "/api/invoices/{id}/send" })
        {
            var parameters = document["paths"]![path]!["post"]!["parameters"]!.AsArray();
            Assert.Contains(parameters, p => (string?)p!["name"] == "Idempotency-Key" && (string?)p["in"] == "header");
            Assert.NotNull(document["paths"]![path]!["post"]!["responses"]!["422"]);
        }
    }

    private static string NewKey() => $"test-{Guid.NewGuid()}";

    private static HttpRequestMessage Payment(Guid invoiceId, decimal amount) => new(HttpMethod.Post, $"/api/invoices/{invoiceId}/payments")
    {
        Content = JsonContent.Create(new PaymentRequest(new DateOnly(2026, 3, 1), amount, "CHF", "bank statement 42")),
    };

    private static HttpRequestMessage CreditNote(Guid invoiceId) => new(HttpMethod.Post, $"/api/invoices/{invoiceId}/credit-notes")
    {
        Content = JsonContent.Create(new CreditNoteRequest(null, "Goodwill", [new("Remise", 1, 100m, 0, 8.1m)])),
    };

    private static async Task<(HttpResponseMessage Response, string Body)> SendAsync(HttpClient http, HttpRequestMessage request, string? key)
    {
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        var response = await http.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private Task<long> PaymentsAsync(Guid invoiceId) =>
        fixture.DataSource.CountAsync("SELECT count(*) FROM invoice_payments WHERE invoice_id = @id", new { id = invoiceId });
}
