using Finance.Core.Invoicing;
using Finance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Tests.Invoicing;

/// <summary>Reminders, the invoice e-mail and the overdue check against real PostgreSQL and maildev, with time moved by hand.</summary>
public sealed class DunningServiceTests(DatabaseFixture database) : MailingApiTests(database)
{
    [Fact]
    public async Task SendAsync_ThreeLevels_EmailsEachWithItsFeeAndRaisesAnAlertAtLevelThree()
    {
        var (invoice, email) = await IssuedInvoiceAsync();
        var reminders = Api.Services.GetRequiredService<InvoiceReminders>();

        var first = await reminders.SendAsync(invoice.Id, 1, 0m, 10, $"t:{invoice.Id}:r1", CancellationToken.None);
        var second = await reminders.SendAsync(invoice.Id, 2, 20m, 10, $"t:{invoice.Id}:r2", CancellationToken.None);
        var third = await reminders.SendAsync(invoice.Id, 3, 50m, 10, $"t:{invoice.Id}:r3", CancellationToken.None);

        Assert.All([first, second, third], r => Assert.True(r.Sent));
        var mails = await Mail.MessagesToAsync(email);
        Assert.Equal(["Rappel : facture", "Deuxième rappel : facture", "Mise en demeure : facture"],
            mails.Select(m => m.GetProperty("subject").GetString()![..m.GetProperty("subject").GetString()!.LastIndexOf(' ')]));
        Assert.Contains("CHF 20.00", mails[1].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("CHF 1 101.00", mails[1].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("CHF 1 131.00", mails[2].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await Mail.AttachmentAsync(mails[2], $"{invoice.Number}.pdf"), 0, 4), StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], (await reminders.ListAsync(invoice.Id, CancellationToken.None)).Select(r => r.Level));
        Assert.Equal(3, await Database.DataSource.OutboxCountAsync(InvoiceReminders.ReminderSent, invoice.Id));
        Assert.Equal(1, await Database.DataSource.OutboxCountAsync(InvoiceReminders.AlertRaised, invoice.Id));
    }

    [Fact]
    public async Task SendAsync_RetriedWithTheSameKey_SendsAndRecordsOnce()
    {
        var (invoice, email) = await IssuedInvoiceAsync();
        var reminders = Api.Services.GetRequiredService<InvoiceReminders>();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            reminders.SendAsync(invoice.Id, 1, 0m, 10, $"t:{invoice.Id}:steps[1]", CancellationToken.None)));

        Assert.All(outcomes, o => Assert.True(o.Sent));
        Assert.Single(await Mail.MessagesToAsync(email));
        Assert.Single(await reminders.ListAsync(invoice.Id, CancellationToken.None));
        Assert.Equal(1, await Database.DataSource.OutboxCountAsync(InvoiceReminders.ReminderSent, invoice.Id));
    }

    [Fact]
    public async Task SendAsync_InvoicePaidMeanwhile_SkipsWithoutMail()
    {
        var (invoice, email) = await IssuedInvoiceAsync();
        await new InvoicingClient(Api.ClientWithToken()).PayAsync(invoice.Id, 1081m);

        var outcome = await Api.Services.GetRequiredService<InvoiceReminders>().SendAsync(invoice.Id, 2, 20m, 10, $"t:{invoice.Id}:r2", CancellationToken.None);

        Assert.False(outcome.Sent);
        Assert.Equal("invoice is paid", outcome.SkippedBecause);
        Assert.Empty(await Mail.MessagesToAsync(email));
    }

    [Fact]
    public async Task InvoiceMailer_ThenRecordEmailed_SendsPdfAndMarksSentOnce()
    {
        var (invoice, email) = await IssuedInvoiceAsync();
        var mailer = Api.Services.GetRequiredService<InvoiceMailer>();
        var lifecycle = Api.Services.GetRequiredService<InvoiceLifecycle>();

        await mailer.SendAsync(invoice.Id, Core.Notifications.Email.EmailKind.Invoice, null, $"t:{invoice.Id}:send", CancellationToken.None);
        var sent = await lifecycle.RecordEmailedAsync(invoice.Id, CancellationToken.None);
        var again = await lifecycle.RecordEmailedAsync(invoice.Id, CancellationToken.None);

        var mail = Assert.Single(await Mail.MessagesToAsync(email));
        Assert.Equal($"Facture {invoice.Number} de Hypervisual Sàrl", mail.GetProperty("subject").GetString());
        Assert.Equal(InvoiceStatus.Sent, sent.Status);
        Assert.Equal(InvoiceStatus.Sent, again.Status);
        Assert.Equal(1, await Database.DataSource.OutboxCountAsync(InvoiceEvents.CreatedAndSent, invoice.Id));
    }

    [Fact]
    public async Task OverdueCheck_RunTwiceAfterTheDueDate_MarksAndAlertsOnce()
    {
        var (invoice, _) = await IssuedInvoiceAsync();
        var check = Api.Services.GetRequiredService<InvoiceOverdueCheck>();

        var beforeDue = await check.RunAsync(CancellationToken.None);
        Clock.Advance(TimeSpan.FromDays(31));
        var first = await check.RunAsync(CancellationToken.None);
        var second = await check.RunAsync(CancellationToken.None);

        Assert.DoesNotContain(invoice.Id, beforeDue);
        Assert.Contains(invoice.Id, first);
        Assert.DoesNotContain(invoice.Id, second);
        Assert.Equal(1, await Database.DataSource.OutboxCountAsync(InvoiceOverdueCheck.Overdue, invoice.Id));
    }

    private async Task<(Finance.Api.Invoicing.InvoiceResponse Invoice, string Email)> IssuedInvoiceAsync()
    {
        var email = $"ap-{Guid.NewGuid():N}@client.example";
        return (await new InvoicingClient(Api.ClientWithToken()).IssuedInvoiceAsync(email: email), email);
    }
}
