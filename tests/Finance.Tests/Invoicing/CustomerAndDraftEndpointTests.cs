using System.Net;
using System.Net.Http.Json;
using Finance.Api.Invoicing;
using Finance.Tests.Api;
using Finance.Tests.Documents;
using Finance.Tests.Infrastructure;

namespace Finance.Tests.Invoicing;

public sealed class CustomerAndDraftEndpointTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly ApiFactory _api = fixture.Api;

    [Fact]
    public async Task Customers_CreateUpdateListDelete_RoundTrip()
    {
        var http = _api.ClientWithToken();
        var created = await InvoicingClient.ReadAsync<CustomerResponse>(await http.PostAsJsonAsync("/api/customers", InvoicingClient.Customer("TAKEOUT")));

        var updated = await InvoicingClient.ReadAsync<CustomerResponse>(await http.PutAsJsonAsync($"/api/customers/{created.Id}",
            InvoicingClient.Customer("TAKEOUT", terms: 10, language: "de") with { VatNumber = null }));
        var listed = await http.GetFromJsonAsync<CustomerResponse[]>("/api/customers?company=takeout");
        var deleted = await http.DeleteAsync($"/api/customers/{created.Id}");
        var gone = await http.GetAsync($"/api/customers/{created.Id}");

        Assert.Equal("TAKEOUT", created.Company);
        Assert.Equal("Genève", created.Address.Town);
        Assert.Equal((10, "de", (string?)null), (updated.PaymentTermsDays, updated.Language, updated.VatNumber));
        Assert.Equal([created.Id], listed!.Select(c => c.Id));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await CompanyEndpointTests.AssertProblemAsync(gone, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeleteCustomer_WithInvoices_Returns409()
    {
        var client = new InvoicingClient(_api.ClientWithToken());
        var customer = await client.CreateCustomerAsync();
        await client.CreateDraftAsync("HYPERVISUAL", customer.Id);

        await CompanyEndpointTests.AssertProblemAsync(await client.Http.DeleteAsync($"/api/customers/{customer.Id}"), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task UpdateDraft_NewLines_RecomputesAndIssuedCannotBeEdited()
    {
        var client = new InvoicingClient(_api.ClientWithToken());
        var customer = await client.CreateCustomerAsync();
        var draft = await client.CreateDraftAsync("HYPERVISUAL", customer.Id);

        var request = InvoicingClient.Draft("HYPERVISUAL", customer.Id, [new("Nuitée", 2, 120m, 0, 3.8m)]);
        var updated = await InvoicingClient.ReadAsync<InvoiceResponse>(await client.Http.PutAsJsonAsync($"/api/invoices/{draft.Id}", request));
        await client.IssueAsync(draft.Id);
        var again = await client.Http.PutAsJsonAsync($"/api/invoices/{draft.Id}", request);

        Assert.Equal(249.12m, updated.Total); // 240.00 + 3.8 % (9.12)
        Assert.Single(updated.Lines);
        await CompanyEndpointTests.AssertProblemAsync(again, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Issue_EuroInvoiceWithoutEuroAccount_UsesDefaultAccountAndRendersEuroBill()
    {
        var client = new InvoicingClient(_api.ClientWithToken());
        var customer = await client.CreateCustomerAsync("LEXAIA");
        var request = InvoicingClient.Draft("LEXAIA", customer.Id, currency: "EUR");
        var draft = await InvoicingClient.ReadAsync<InvoiceResponse>(await client.Http.PostAsJsonAsync("/api/invoices", request));

        var issued = await client.IssueAsync(draft.Id);
        var pdf = await client.Http.GetByteArrayAsync($"/api/invoices/{issued.Id}/pdf");

        Assert.Equal("EUR", issued.Currency);
        Assert.Contains("EUR", PdfTools.Text(pdf), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_Draft_RendersWithoutNumber()
    {
        var client = new InvoicingClient(_api.ClientWithToken());
        var customer = await client.CreateCustomerAsync();
        var draft = await client.CreateDraftAsync("HYPERVISUAL", customer.Id);

        var response = await client.Http.GetAsync($"/api/invoices/{draft.Id}/pdf");

        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Brouillon", PdfTools.Text(await response.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
    }
}
