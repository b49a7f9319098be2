using System.Net;
using System.Net.Http.Json;
using Dapper;
using Finance.Api.Auth;
using Finance.Api.Invoicing;
using Finance.Core.Invoicing;
using Finance.Core.Invoicing.QrBill;
using Finance.Tests.Api;
using Finance.Tests.Documents;
using Finance.Tests.Infrastructure;

namespace Finance.Tests.Invoicing;

public sealed class InvoiceEndpointTests(ApiFixture database) : IClassFixture<ApiFixture>
{
    private readonly ApiFactory _api = database.Api;

    private InvoicingClient Client(string role = Roles.Accountant, params string[] companies) => new(_api.ClientWithToken(role, companies));

    [Fact]
    public async Task Issue_Draft_AssignsNumberDatesAndQrReference()
    {
        var client = Client();
        var customer = await client.CreateCustomerAsync("DAINAMICS", terms: 20);
        var draft = await client.CreateDraftAsync("DAINAMICS", customer.Id);

        var issued = await client.IssueAsync(draft.Id);

        var today = SwissCalendar.Today(TimeProvider.System);
        Assert.Equal("draft", draft.Status);
        Assert.Null(draft.Number);
        Assert.Equal("issued", issued.Status);
        Assert.Equal($"DAINAMICS-{today.Year}-00001", issued.Number);
        Assert.Equal(today, issued.InvoiceDate);
        Assert.Equal(today.AddDays(20), issued.DueDate);
        Assert.Equal("QRR", issued.ReferenceType);
        Assert.True(QrReference.IsValid(issued.PaymentReference));
        Assert.Equal(27, issued.PaymentReference!.Length);
        Assert.Equal("CH6130808000000222222", issued.CreditorAccount);
        Assert.Equal(1081.00m, issued.OpenAmount);
        Assert.Equal(1, await database.DataSource.OutboxCountAsync("invoice.issued", "number", issued.Number!));
    }

    [Fact]
    public async Task Create_LinesWithDiscountSeveralRatesAndCashRounding_ComputesSwissTotals()
    {
        var client = Client();
        var customer = await client.CreateCustomerAsync();
        InvoiceLineRequest[] lines =
        [
            new("Conseil", 3, 150m, 10, 8.1m),   // 405.00
            new("Licence", 1, 99.95m, 0, 8.1m),  // 99.95  → 8.1 %: 504.95, VAT 40.90095 → 40.90
            new("Livres", 2, 12.35m, 0, 2.6m),   // 24.70  → 2.6 %: VAT 0.6422 → 0.64
            new("Hôtel", 1, 180m, 5, 3.8m),      // 171.00 → 3.8 %: VAT 6.498 → 6.50
            new("Export", 1, 10m, 0, 0m),        // 10.00
            new("Timbre", 1, 0.125m, 0, 0m),     // 0.125 → 0.13 (half away from zero, not to even)
        ];

        var invoice = await client.CreateDraftAsync("HYPERVISUAL", customer.Id, lines, cashRounding: true);

        Assert.Equal([405.00m, 99.95m, 24.70m, 171.00m, 10.00m, 0.13m], invoice.Lines.Select(l => l.Amount));
        Assert.Equal([(8.1m, 504.95m, 40.90m), (3.8m, 171.00m, 6.50m), (2.6m, 24.70m, 0.64m), (0m, 10.13m, 0m)],
            invoice.VatTotals.Select(v => (v.Rate, v.Net, v.Vat)));
        Assert.Equal(710.78m, invoice.NetTotal);
        Assert.Equal(48.04m, invoice.VatTotal);
        Assert.Equal(-0.02m, invoice.Rounding); // 758.82 → 758.80
        Assert.Equal(758.80m, invoice.Total);
    }

    [Fact]
    public async Task Payments_PartialThenRestThenMore_OpenAmountStatusAndCustomerCredit()
    {
        var client = Client();
        var invoice = await client.IssuedInvoiceAsync();

        var partial = await client.PayAsync(invoice.Id, 400m);
        var rest = await client.PayAsync(invoice.Id, 681m);
        var listed = await client.Http.GetFromJsonAsync<PaymentResponse[]>($"/api/invoices/{invoice.Id}/payments");

        Assert.Equal("partially_paid", partial.Invoice.Status);
        Assert.Equal(681.00m, partial.Invoice.OpenAmount);
        Assert.Equal("paid", rest.Invoice.Status);
        Assert.Equal(0m, rest.Invoice.OpenAmount);
        Assert.Equal([400m, 681m], listed!.Select(p => p.Amount));
        Assert.Equal(1, await database.DataSource.OutboxCountAsync("invoice.paid", invoice.Id));
        Assert.Equal(2, await database.DataSource.OutboxCountAsync("invoice.payment_recorded", invoice.Id));
    }

    [Fact]
    public async Task Payment_MoreThanOpen_SettlesAndRecordsCustomerCredit()
    {
        var client = Client();
        var invoice = await client.IssuedInvoiceAsync();

        var over = await client.PayAsync(invoice.Id, 1100m);

        Assert.Equal("paid", over.Invoice.Status);
        Assert.Equal(1081.00m, over.Payment.AppliedAmount);
        Assert.Equal(19.00m, over.Payment.CustomerCredit);
        await using var connection = database.DataSource.CreateConnection();
        Assert.Equal(19m, await connection.ExecuteScalarAsync<decimal>("SELECT sum(amount) FROM customer_credits WHERE invoice_id = @id", new { id = invoice.Id }));
    }

    [Fact]
    public async Task CreditNote_AgainstIssuedInvoice_ReducesOpenAmount()
    {
        var client = Client();
        var invoice = await client.IssuedInvoiceAsync("LEXAIA");

        var response = await client.Http.PostAsJsonAsync($"/api/invoices/{invoice.Id}/credit-notes",
            new CreditNoteRequest(null, "Geste commercial", [new("Remise sur conseil", 1, 200m, 0, 8.1m)]));
        var creditNote = await InvoicingClient.ReadAsync<InvoiceResponse>(response);
        var after = await client.GetAsync(invoice.Id);
        var rest = await client.PayAsync(invoice.Id, after.OpenAmount);

        Assert.Equal("credit_note", creditNote.Kind);
        Assert.Equal(invoice.Id, creditNote.CreditedInvoiceId);
        Assert.StartsWith("LEXAIA-CN-", creditNote.Number, StringComparison.Ordinal);
        Assert.Equal(-216.20m, creditNote.Total);
        Assert.Equal(216.20m, after.CreditedAmount);
        Assert.Equal(864.80m, after.OpenAmount);
        Assert.Equal("paid", rest.Invoice.Status);
    }

    [Fact]
    public async Task CreditNote_MoreThanOpen_ValidationProblemAndNothingStored()
    {
        var client = Client();
        var invoice = await client.IssuedInvoiceAsync("LEXAIA");
        var before = await database.DataSource.CountAsync("SELECT count(*) FROM invoices");

        var response = await client.Http.PostAsJsonAsync($"/api/invoices/{invoice.Id}/credit-notes",
            new CreditNoteRequest(null, null, [new("Trop", 1, 5000m, 0, 8.1m)]));

        await InvoiceValidationTests.AssertValidationProblemAsync(response, "lines");
        Assert.Equal(before, await database.DataSource.CountAsync("SELECT count(*) FROM invoices"));
    }

    [Fact]
    public async Task Pdf_IssuedInvoice_IsPdfWithNumberAndQrBillForOpenAmount()
    {
        var client = Client();
        var invoice = await client.IssuedInvoiceAsync("ENKI_REALTY");
        await client.PayAsync(invoice.Id, 81m);

        var response = await client.Http.GetAsync($"/api/invoices/{invoice.Id}/pdf");
        var pdf = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(invoice.Number!, PdfTools.Text(pdf), StringComparison.Ordinal);
        var bill = QrBillPayload.Parse(Assert.Single(PdfTools.DecodeQr(pdf, PdfTools.PageCount(pdf))));
        Assert.Equal(1000.00m, bill.Amount);
        Assert.Equal(invoice.PaymentReference, bill.Reference);
        Assert.Equal("Müller & Fils SA", bill.Debtor!.Name);
    }

    [Fact]
    public async Task Cancel_IssuedInvoice_KeepsNumberAndRefusesPayments()
    {
        var client = Client();
        var invoice = await client.IssuedInvoiceAsync("TAKEOUT");

        var cancelled = await InvoicingClient.ReadAsync<InvoiceResponse>(await client.Http.PostAsync($"/api/invoices/{invoice.Id}/cancel", null));
        var payment = await client.Http.PostAsJsonAsync($"/api/invoices/{invoice.Id}/payments", new PaymentRequest(null, 10m, "CHF", null));

        Assert.Equal("cancelled", cancelled.Status);
        Assert.Equal(invoice.Number, (await client.GetAsync(invoice.Id)).Number);
        await CompanyEndpointTests.AssertProblemAsync(payment, HttpStatusCode.Conflict);
        Assert.Equal(1, await database.DataSource.CountAsync("SELECT count(*) FROM outbox WHERE type = 'invoice.cancelled'"));
    }

    [Fact]
    public async Task List_FilteredByStatusCustomerAndOverdue_ReturnsMatching()
    {
        var client = Client();
        var customer = await client.CreateCustomerAsync("HYPERVISUAL", terms: 0);
        var pastDraft = InvoicingClient.Draft("HYPERVISUAL", customer.Id) with { InvoiceDate = new DateOnly(2025, 1, 10) };
        var overdue = await client.IssueAsync((await InvoicingClient.ReadAsync<InvoiceResponse>(await client.Http.PostAsJsonAsync("/api/invoices", pastDraft))).Id);
        var draft = await client.CreateDraftAsync("HYPERVISUAL", customer.Id);

        var overdueList = await client.Http.GetFromJsonAsync<InvoiceResponse[]>($"/api/invoices?company=HYPERVISUAL&overdue=true&customerId={customer.Id}");
        var drafts = await client.Http.GetFromJsonAsync<InvoiceResponse[]>($"/api/invoices?status=draft&customerId={customer.Id}");

        Assert.Equal([overdue.Id], overdueList!.Select(i => i.Id));
        Assert.Equal("HYPERVISUAL-2025-00001", overdue.Number);
        Assert.Equal([draft.Id], drafts!.Select(i => i.Id));
    }

    [Fact]
    public async Task Access_OutsideCompaniesClaim_Returns403ForEveryRoute()
    {
        var invoice = await Client().IssuedInvoiceAsync("DAINAMICS");
        var outsider = Client(Roles.Admin, "HYPERVISUAL").Http;

        await CompanyEndpointTests.AssertProblemAsync(await outsider.GetAsync($"/api/invoices/{invoice.Id}"), HttpStatusCode.Forbidden, "DAINAMICS");
        await CompanyEndpointTests.AssertProblemAsync(await outsider.GetAsync($"/api/invoices/{invoice.Id}/pdf"), HttpStatusCode.Forbidden);
        await CompanyEndpointTests.AssertProblemAsync(await outsider.PostAsJsonAsync($"/api/invoices/{invoice.Id}/payments",
            new PaymentRequest(null, 1m, "CHF", null)), HttpStatusCode.Forbidden);
        await CompanyEndpointTests.AssertProblemAsync(await outsider.PostAsJsonAsync("/api/customers", InvoicingClient.Customer("DAINAMICS")), HttpStatusCode.Forbidden);
        await CompanyEndpointTests.AssertProblemAsync(await outsider.GetAsync("/api/invoices?company=DAINAMICS"), HttpStatusCode.Forbidden);
        Assert.DoesNotContain((await outsider.GetFromJsonAsync<InvoiceResponse[]>("/api/invoices"))!, i => i.Company == "DAINAMICS");
        await CompanyEndpointTests.AssertProblemAsync(await outsider.GetAsync($"/api/invoices/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Write_ViewerRole_Returns403()
    {
        var response = await Client(Roles.Viewer).Http.PostAsJsonAsync("/api/customers", InvoicingClient.Customer());

        await CompanyEndpointTests.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }
}
