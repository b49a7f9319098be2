using System.Net.Http.Json;
using Finance.Api.Invoicing;

namespace Finance.Tests.Invoicing;

/// <summary>The invoicing API as the tests drive it; each call asserts success and returns the response body.</summary>
internal sealed class InvoicingClient(HttpClient http)
{
    private const string DefaultEmail = "compta@muller.example";

    public HttpClient Http => http;

    public static CustomerRequest Customer(string company = "HYPERVISUAL", int terms = 30, string language = "fr", string name = "Müller & Fils SA",
        string email = DefaultEmail) =>
        new(company, name, new AddressRequest("Rue du Marché", "4", "1204", "Genève", "CH"), language, email, terms, "CHE-999.888.777 TVA");

    public async Task<CustomerResponse> CreateCustomerAsync(string company = "HYPERVISUAL", int terms = 30, string language = "fr", string email = DefaultEmail) =>
        await ReadAsync<CustomerResponse>(await http.PostAsJsonAsync("/api/customers", Customer(company, terms, language, email: email)));

    public static InvoiceRequest Draft(string company, Guid customerId, InvoiceLineRequest[]? lines = null, bool cashRounding = false, string currency = "CHF") =>
        new(company, customerId, currency, null, cashRounding, null, lines ?? [new("Conseil", 2, 500m, 0, 8.1m)]);

    public async Task<InvoiceResponse> CreateDraftAsync(string company, Guid customerId, InvoiceLineRequest[]? lines = null, bool cashRounding = false) =>
        await ReadAsync<InvoiceResponse>(await http.PostAsJsonAsync("/api/invoices", Draft(company, customerId, lines, cashRounding)));

    public async Task<InvoiceResponse> IssueAsync(Guid id) =>
        await ReadAsync<InvoiceResponse>(await http.PostAsync($"/api/invoices/{id}/issue", null));

    /// <summary>A customer (e-mail <paramref name="email"/>) and one issued invoice of 1000.00 + 8.1 % VAT = 1081.00.</summary>
    public async Task<InvoiceResponse> IssuedInvoiceAsync(string company = "HYPERVISUAL", string email = DefaultEmail)
    {
        var customer = await CreateCustomerAsync(company, email: email);
        return await IssueAsync((await CreateDraftAsync(company, customer.Id)).Id);
    }

    public async Task<RecordedPaymentResponse> PayAsync(Guid id, decimal amount, string currency = "CHF") =>
        await ReadAsync<RecordedPaymentResponse>(await http.PostAsJsonAsync($"/api/invoices/{id}/payments",
            new PaymentRequest(new DateOnly(2026, 3, 1), amount, currency, "bank statement 42")));

    public async Task<InvoiceResponse> GetAsync(Guid id) => (await http.GetFromJsonAsync<InvoiceResponse>($"/api/invoices/{id}"))!;

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
            Assert.Fail($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }
}
