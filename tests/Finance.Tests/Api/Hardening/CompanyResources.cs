using Finance.Workflows.Schedules;
using Finance.Tests.Api.Flows;
using Finance.Tests.Infrastructure;
using Finance.Tests.Invoicing;
using Finance.Tests.Banking;
using Finance.Tests.Notifications;
using Finance.Tests.Payables;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Tests.Api.Hardening;

/// <summary>
/// Real resources of one company for the suites to aim at (a customer, a draft, an issued invoice, a waiting flow
/// instance, a schedule), and fresh ones for the requests that use theirs up (issue, cancel, delete, signal…).
/// </summary>
public sealed class CompanyResources(string company, FlowResources flows, HttpClient admin, ApiFactory api)
{
    private readonly InvoicingClient _invoicing = new(admin);

    public string Company => company;

    public FlowResources Flows => flows;

    public Guid CustomerId { get; private set; }

    public Guid DraftId { get; private set; }

    public Guid IssuedId { get; private set; }

    public string WaitingInstanceId { get; private set; } = "";

    public string ScheduleId => $"hardening.{company.ToLowerInvariant()}";

    public Guid BillId { get; private set; }

    public Guid SupplierId { get; private set; }

    public Guid PaymentRunId { get; private set; }

    public string DebtorIban { get; private set; } = "";

    public Guid NotificationId { get; private set; }

    public Guid WebhookId { get; private set; }

    public string QrIban { get; private set; } = "";

    public Guid BankTransactionId { get; private set; }

    internal async Task SeedAsync()
    {
        CustomerId = await NewCustomerAsync();
        DraftId = await NewDraftAsync();
        IssuedId = await NewIssuedAsync();
        WaitingInstanceId = await NewWaitingInstanceAsync();
        await api.Services.GetRequiredService<FlowScheduleStore>()
            .UpsertAsync(new FlowSchedule(ScheduleId, flows.WaitFlowId, "0 9 * * *", Company: company), CancellationToken.None);
        BillId = await NewReviewBillAsync();
        SupplierId = await PayablesSeed.SupplierAsync(api, company);
        DebtorIban = await PayablesSeed.DebtorIbanAsync(api.Services.GetRequiredService<Npgsql.NpgsqlDataSource>(), company);
        PaymentRunId = await NewPaymentRunAsync();
        NotificationId = await NotificationsSeed.InAppAsync(api, company, "hardening:" + company);
        WebhookId = await NewWebhookAsync();
        QrIban = await BankingSeed.QrIbanAsync(api, company);
        BankTransactionId = await NewBankTransactionAsync();
    }

    public Task<Guid> NewRuleAsync() => api.Services.GetRequiredService<Finance.Core.Reconciliation.RuleStore>().CreateAsync(new(company, "Hardening",
        100, new(TextContains: "hardening"), new(Finance.Core.Reconciliation.Engine.RuleActionKind.Ignore)), "hardening", CancellationToken.None);

    public Task<Guid> NewBankTransactionAsync() => BankingSeed.TransactionAsync(api, company, 10m);

    /// <summary>A transaction set aside as a bank fee: a confirmed match that undo reverses.</summary>
    public async Task<Guid> NewMatchedTransactionAsync()
    {
        var id = await NewBankTransactionAsync();
        await using var connection = await api.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await api.Services.GetRequiredService<Finance.Core.Reconciliation.ReconciliationBooking>()
            .SetAsideAsync(transaction, id, "fee", "hardening", automatic: false, "hardening", CancellationToken.None);
        await transaction.CommitAsync();
        return id;
    }

    public async Task<Guid> NewRecipientAsync() => await api.Services.GetRequiredService<Finance.Core.Notifications.RecipientDirectory>()
        .SaveAsync(new(company, "Hardening", $"{Guid.NewGuid():N}@example.ch", "fr", ["approver"], null), CancellationToken.None);

    public async Task<Guid> NewWebhookAsync() => (await api.Services.GetRequiredService<Finance.Core.Notifications.Webhooks.WebhookEndpointStore>()
        .CreateAsync(new(company, "https://hooks.example.ch/hardening", null, null), CancellationToken.None)).Endpoint.Id;

    public Task<Guid> NewValidatedBillAsync() =>
        PayablesSeed.ReviewBillAsync(api.Services.GetRequiredService<Npgsql.NpgsqlDataSource>(), company, status: Finance.Core.Payables.BillStatus.Validated);

    /// <summary>A payment run of one fresh validated bill (created through the service: the suites call the API).</summary>
    public async Task<Guid> NewPaymentRunAsync()
    {
        await NewValidatedBillAsync();
        return (await api.Services.GetRequiredService<Finance.Core.Payables.PaymentRuns>()
            .CreateAsync(company, DebtorIban, new DateOnly(2026, 12, 18), "hardening", CancellationToken.None)).Id;
    }

    /// <summary>A bill read and waiting for review, uploaded by someone else than the tokens the suites use.</summary>
    public Task<Guid> NewReviewBillAsync() => PayablesSeed.ReviewBillAsync(api, company);

    public async Task<Guid> NewCustomerAsync(string? email = null) =>
        (await _invoicing.CreateCustomerAsync(company, email: email ?? $"compta-{company.ToLowerInvariant()}@muller.example")).Id;

    public async Task<Guid> NewDraftAsync(Guid? customerId = null) => (await _invoicing.CreateDraftAsync(company, customerId ?? CustomerId)).Id;

    public async Task<Guid> NewIssuedAsync(Guid? customerId = null) => (await _invoicing.IssueAsync(await NewDraftAsync(customerId))).Id;

    public async Task<string> NewWaitingInstanceAsync() => (await FlowApiKit.StartAsync(admin, flows.WaitFlowId, company)).InstanceId;

    /// <summary>An instance whose only step failed for good (dead-lettered): what retry is for.</summary>
    public async Task<string> NewFailedInstanceAsync()
    {
        var started = await FlowApiKit.StartAsync(admin, flows.FailFlowId, company);
        await api.DrainAsync();
        return started.InstanceId;
    }
}
