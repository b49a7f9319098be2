using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Finance.Api.Invoicing;
using Finance.Core.Invoicing;
using Finance.Tests.Api;
using Finance.Tests.Infrastructure;

namespace Finance.Tests.Invoicing;

/// <summary>Refused requests: RFC 9457 problem details naming the field, and not one row stored.</summary>
public sealed class InvoiceValidationTests(ApiFixture database) : IClassFixture<ApiFixture>
{
    private const string RowCounts = """
        SELECT (SELECT count(*) FROM invoices) || '/' || (SELECT count(*) FROM invoice_lines) || '/' || (SELECT count(*) FROM outbox)
            || '/' || (SELECT coalesce(sum(last_number), 0) FROM invoice_number_counters) || '/' || (SELECT count(*) FROM customers)
            || '/' || (SELECT count(*) FROM invoice_payments)
        """;

    private readonly ApiFactory _api = database.Api;

    [Theory]
    [InlineData(7.7, 1, 0, "lines[1].vatRate")]
    [InlineData(8.1, -2, 0, "lines[1].quantity")]
    [InlineData(8.1, 0, 0, "lines[1].quantity")]
    [InlineData(8.1, 1, 120, "lines[1].discountPercent")]
    public async Task CreateDraft_BadLine_ValidationProblemNamesFieldAndStoresNothing(decimal vatRate, decimal quantity, decimal discount, string field)
    {
        var client = new InvoicingClient(_api.ClientWithToken());
        var customer = await client.CreateCustomerAsync();
        var before = await CountsAsync();

        var response = await client.Http.PostAsJsonAsync("/api/invoices", InvoicingClient.Draft("HYPERVISUAL", customer.Id,
            [new("Bon", 1, 10m, 0, 8.1m), new("Mauvais", quantity, 10m, discount, vatRate)]));

        await AssertValidationProblemAsync(response, field);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task CreateDraft_CashRoundingInEuro_ValidationProblem()
    {
        var client = new InvoicingClient(_api.ClientWithToken());
        var customer = await client.CreateCustomerAsync();

        var response = await client.Http.PostAsJsonAsync("/api/invoices", InvoicingClient.Draft("HYPERVISUAL", customer.Id, cashRounding: true, currency: "EUR"));

        await AssertValidationProblemAsync(response, "cashRounding");
    }

    [Fact]
    public async Task CreateDraft_UnknownCompany_404AndStoresNothing()
    {
        var before = await CountsAsync();

        var response = await _api.ClientWithToken().PostAsJsonAsync("/api/invoices", InvoicingClient.Draft("NOPE", Guid.NewGuid()));

        await CompanyEndpointTests.AssertProblemAsync(response, HttpStatusCode.NotFound, "NOPE");
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task CreateCustomer_MissingFields_ValidationProblemPerField()
    {
        var before = await CountsAsync();
        var request = InvoicingClient.Customer() with { Email = "nope", Language = "es", Address = new AddressRequest("", null, "1000", "Lausanne", "ch") };

        var response = await _api.ClientWithToken().PostAsJsonAsync("/api/customers", request);

        await AssertValidationProblemAsync(response, "email", "language", "address.street", "address.country");
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task CreateCustomer_NameOutsideQrBillCharacterSet_ValidationProblem()
    {
        var response = await _api.ClientWithToken().PostAsJsonAsync("/api/customers", InvoicingClient.Customer() with { Name = "Café 🍩 SA" });

        await AssertValidationProblemAsync(response, "name");
    }

    [Fact]
    public async Task Payment_WrongCurrency_ValidationProblemAndStoresNothing()
    {
        var client = new InvoicingClient(_api.ClientWithToken());
        var invoice = await client.IssuedInvoiceAsync();
        var before = await CountsAsync();

        var response = await client.Http.PostAsJsonAsync($"/api/invoices/{invoice.Id}/payments", new PaymentRequest(null, 100m, "EUR", null));

        await AssertValidationProblemAsync(response, "currency");
        Assert.Equal(before, await CountsAsync());
    }

    [Theory]
    // A QR-IBAN column holding a plain IBAN: the issue would pair a QR reference with a plain IBAN.
    [InlineData("ENKI_REALTY", "UPDATE company_bank_accounts SET qr_iban = 'CH9300762011623852957' WHERE company_id = 4", "qrBill.RmtInf.Tp")]
    // No QR-IBAN but a QR-IBAN as the plain account: the issue would pair SCOR with a QR-IBAN.
    [InlineData("TAKEOUT", "UPDATE company_bank_accounts SET iban = 'CH4431999123000889012', qr_iban = NULL WHERE company_id = 5", "qrBill.RmtInf.Tp")]
    public async Task Issue_AccountAndReferenceMismatch_QrBillValidationProblemNumberNotUsed(string company, string misconfigure, string field)
    {
        var client = new InvoicingClient(_api.ClientWithToken());
        var customer = await client.CreateCustomerAsync(company);
        var draft = await client.CreateDraftAsync(company, customer.Id);
        await using var connection = database.DataSource.CreateConnection();
        var original = await connection.QuerySingleAsync<(string Iban, string? QrIban)>(
            "SELECT iban, qr_iban FROM company_bank_accounts WHERE company_id = (SELECT id FROM companies WHERE code = @company)", new { company });
        await connection.ExecuteAsync(misconfigure);
        var before = await CountsAsync();

        var response = await client.Http.PostAsync($"/api/invoices/{draft.Id}/issue", null);

        await AssertValidationProblemAsync(response, field);
        Assert.Equal(before, await CountsAsync());
        Assert.Equal("draft", (await client.GetAsync(draft.Id)).Status);
        await connection.ExecuteAsync("UPDATE company_bank_accounts SET iban = @Iban, qr_iban = @QrIban WHERE company_id = (SELECT id FROM companies WHERE code = @company)",
            new { original.Iban, original.QrIban, company });
        var issued = await client.IssueAsync(draft.Id);
        Assert.Equal($"{company}-{SwissCalendar.Today(TimeProvider.System).Year}-00001", issued.Number);
    }

    internal static async Task AssertValidationProblemAsync(HttpResponseMessage response, params string[] fields)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        var errors = problem.RootElement.GetProperty("errors");
        foreach (var field in fields) Assert.True(errors.TryGetProperty(field, out _), $"No error for '{field}' in {body}");
    }

    private async Task<string> CountsAsync()
    {
        await using var connection = database.DataSource.CreateConnection();
        return await connection.ExecuteScalarAsync<string>(RowCounts) ?? "";
    }
}
