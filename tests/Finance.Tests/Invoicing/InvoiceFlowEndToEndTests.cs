using System.Net;
using System.Net.Http.Json;
using Finance.Api.Flows;
using Finance.Api.Invoicing;
using Finance.Core.Invoicing.QrBill;
using Finance.Tests.Api.Flows;
using Finance.Tests.Documents;
using Finance.Tests.Infrastructure;

namespace Finance.Tests.Invoicing;

/// <summary>
/// The receivables story end to end through the API, the flow engine, real PostgreSQL and maildev: send → the e-mailed
/// PDF's QR-bill decodes (zxing-cpp) → partial payment → time moves past the due date (a fake clock, no sleeping) →
/// reminders 1, 2, 3 with their fees; and on another invoice, a full payment that ends the dunning.
/// </summary>
public sealed class InvoiceFlowEndToEndTests(DatabaseFixture database) : MailingApiTests(database)
{
    private InvoicingClient _client = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _client = new InvoicingClient(Api.ClientWithToken());
    }

    [Fact]
    public async Task SendPayPartlyAndLetTimePass_RemindersOneTwoThreeArriveWithTheirFees()
    {
        var (invoiceId, email) = await SendNewInvoiceAsync();

        var sent = Assert.Single(await Mail.MessagesToAsync(email));
        var invoice = await _client.GetAsync(invoiceId);
        Assert.Equal("sent", invoice.Status);
        Assert.Equal($"Facture {invoice.Number} de Hypervisual Sàrl", sent.GetProperty("subject").GetString());
        var bill = QrBillPayload.Parse(Assert.Single(PdfTools.DecodeQr(await Mail.AttachmentAsync(sent, $"{invoice.Number}.pdf"), 1)));
        Assert.Equal(1081.00m, bill.Amount);
        Assert.Equal("CHF", bill.Currency);
        Assert.Equal(invoice.PaymentReference, bill.Reference);
        Assert.Equal("Müller & Fils SA", bill.Debtor?.Name);
        Assert.Equal("Hypervisual Sàrl", bill.Creditor.Name);

        var partial = await _client.PayAsync(invoiceId, 500m);
        await Api.DrainAsync();
        Assert.Equal("partially_paid", partial.Invoice.Status);
        Assert.Equal(581m, partial.Invoice.OpenAmount);
        Assert.Equal("waiting", await DunningStatusAsync(invoiceId));

        await MoveToAsync(new DateTimeOffset(2027, 1, 3, 8, 1, 0, TimeSpan.Zero)); // due 24.12.2026 + 10 days
        await MoveToAsync(Clock.GetUtcNow().AddDays(14));
        await MoveToAsync(Clock.GetUtcNow().AddDays(14));

        var mails = await Mail.MessagesToAsync(email);
        Assert.Equal(4, mails.Count);
        var texts = mails.Skip(1).Select(m => m.GetProperty("text").GetString()!).ToList();
        Assert.StartsWith("Rappel : facture", mails[1].GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.Contains("CHF 581.00", texts[0], StringComparison.Ordinal);
        Assert.Contains("CHF 20.00", texts[1], StringComparison.Ordinal);
        Assert.Contains("CHF 601.00", texts[1], StringComparison.Ordinal);
        Assert.StartsWith("Mise en demeure", mails[3].GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.Contains("CHF 631.00", texts[2], StringComparison.Ordinal);
        var reminders = await Api.ClientWithToken().GetFromJsonAsync<RemindersResponse>($"/api/invoices/{invoiceId}/reminders");
        Assert.Equal(3, reminders!.Count);
        Assert.Equal([0m, 20m, 50m], reminders.Reminders.Select(r => r.Fee));
        Assert.Equal(3, (await _client.GetAsync(invoiceId)).ReminderCount);
        Assert.Equal("completed", await DunningStatusAsync(invoiceId));
        Assert.Equal(3, await Database.DataSource.OutboxCountAsync("invoice.reminder_sent", invoiceId));
        Assert.Equal(1, await Database.DataSource.OutboxCountAsync("alert.raised", invoiceId));
        Assert.Equal(1, await Database.DataSource.OutboxCountAsync("invoice.created_and_sent", invoiceId));
    }

    [Fact]
    public async Task FullPaymentAfterTheFirstReminder_EndsTheDunningAndNoFurtherReminderComes()
    {
        var (invoiceId, email) = await SendNewInvoiceAsync();
        await MoveToAsync(new DateTimeOffset(2027, 1, 3, 8, 1, 0, TimeSpan.Zero));

        await _client.PayAsync(invoiceId, 1081m);
        await Api.DrainAsync();
        await MoveToAsync(Clock.GetUtcNow().AddDays(60));

        var subjects = (await Mail.MessagesToAsync(email)).Select(m => m.GetProperty("subject").GetString()!).ToList();
        Assert.Equal(2, subjects.Count);
        Assert.StartsWith("Rappel", subjects[1], StringComparison.Ordinal);
        Assert.Equal("paid", (await _client.GetAsync(invoiceId)).Status);
        Assert.Equal("completed", await DunningStatusAsync(invoiceId));
        Assert.Equal(1, await Database.DataSource.OutboxCountAsync("invoice.paid", invoiceId));
    }

    [Fact]
    public async Task Send_Twice_StartsOneFlowAndSendsOneEmail()
    {
        var (invoiceId, email) = await SendNewInvoiceAsync();

        var again = await Api.ClientWithToken().PostAsync($"/api/invoices/{invoiceId}/send", null);
        await Api.DrainAsync();

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Single(await Mail.MessagesToAsync(email));
    }

    private async Task<(Guid InvoiceId, string Email)> SendNewInvoiceAsync()
    {
        var email = $"ap-{Guid.NewGuid():N}@client.example";
        var customer = await _client.CreateCustomerAsync(email: email);
        var draft = await _client.CreateDraftAsync("HYPERVISUAL", customer.Id);
        var response = await Api.ClientWithToken().PostAsync($"/api/invoices/{draft.Id}/send", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Api.DrainAsync();
        return (draft.Id, email);
    }

    private async Task MoveToAsync(DateTimeOffset time)
    {
        Clock.SetUtcNow(time);
        await Api.DrainAsync();
    }

    private async Task<string> DunningStatusAsync(Guid invoiceId)
    {
        var listed = await Api.ClientWithToken().GetFromJsonAsync<FlowInstanceResponse[]>(
            $"/api/flows/instances?flow=invoice.dunning&correlation={invoiceId}");
        return Assert.Single(listed!).Status;
    }
}
