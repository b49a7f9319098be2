using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Finance.Api.Auth;
using Finance.Api.Payables;
using Finance.Tests.Payables;
using Finance.Workflows.Payables;
using Finance.Core.Notifications;
using Finance.Core.Notifications.Webhooks;
using Finance.Workflows.Notifications;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Npgsql;
using Finance.Workflows.Runs;
using Finance.Core.Documents;
using Finance.Tests.Api.Flows;
using Finance.Tests.Documents;
using Finance.Tests.Infrastructure;
using Finance.Tests.Invoicing;
using Finance.Workflows.Engines.Embedded;
using Finance.Workflows.Engines;
using Finance.Workflows.Invoicing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Finance.Tests.Workflows.Golden;

/// <summary>
/// Real runs of every built-in flow through the API, the embedded engine, PostgreSQL and maildev (behind a proxy that can
/// hang up, for real failed attempts), time moved on a fake clock. Each run is recorded as a golden history
/// (<see cref="GoldenRecorder"/>): rewritten with <c>FINANCE_REGENERATE_GOLDEN=1</c>, otherwise checked for the same shape.
/// <see cref="GoldenReplayTests"/> replays the checked-in files.
/// </summary>
public sealed class GoldenRecordingTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime, IAsyncDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));
    private FlakySmtpProxy _smtp = null!;
    private ApiFactory _api = null!;
    private InvoicingClient _client = null!;

    public async Task InitializeAsync()
    {
        _smtp = new FlakySmtpProxy((await TestServers.MailDev).SmtpPort);
        _api = new ApiFactory(database, _clock, new Dictionary<string, string> { ["Smtp:Port"] = $"{_smtp.Port}" });
        _client = new InvoicingClient(_api.ClientWithToken());
    }

    // xunit v2 calls IAsyncLifetime.DisposeAsync only; both names lead to the one disposal.
    public Task DisposeAsync() => ((IAsyncDisposable)this).DisposeAsync().AsTask();

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await _api.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task CreateAndSend_Sent_RecordsHappyPathWithChildDunning()
    {
        var invoiceId = await SendNewInvoiceAsync();

        await RecordAsync(InvoiceFlows.CreateAndSendId, invoiceId, "happy-path");
        await RecordAsync(InvoiceFlows.DunningId, invoiceId, "waiting-for-payment");
    }

    [Fact]
    public async Task CreateAndSend_SmtpDownForOneAttempt_RecordsTheRetry()
    {
        _smtp.RefuseNext = 1;
        var invoiceId = await SendNewInvoiceAsync();
        await MoveByAsync(TimeSpan.FromSeconds(1)); // RetryPolicy.Default: the second attempt 1 s after the first

        await RecordAsync(InvoiceFlows.CreateAndSendId, invoiceId, "smtp-retried");
    }

    [Fact]
    public async Task CreateAndSend_SmtpDownForEveryAttempt_RecordsTheFailedFlow()
    {
        _smtp.RefuseNext = 5;
        var invoiceId = await SendNewInvoiceAsync();
        foreach (var backoff in new[] { 1, 2, 4, 8 })
        {
            await MoveByAsync(TimeSpan.FromSeconds(backoff));
        }

        await RecordAsync(InvoiceFlows.CreateAndSendId, invoiceId, "smtp-down");
    }

    [Fact]
    public async Task Dunning_NeverPaid_RecordsThreeRemindersAfterWaitTimeouts()
    {
        var invoiceId = await SendNewInvoiceAsync();
        await MoveToAsync(new DateTimeOffset(2027, 1, 3, 8, 1, 0, TimeSpan.Zero)); // due 24.12.2026 + 10 days
        await MoveByAsync(TimeSpan.FromDays(14));
        await MoveByAsync(TimeSpan.FromDays(14));

        await RecordAsync(InvoiceFlows.DunningId, invoiceId, "three-reminders");
    }

    [Fact]
    public async Task Dunning_PaidInFullBeforeDue_RecordsThePaidSignal()
    {
        var invoiceId = await SendNewInvoiceAsync();
        var invoice = await _client.GetAsync(invoiceId);
        await _client.PayAsync(invoiceId, invoice.OpenAmount);
        await _api.DrainAsync();

        await RecordAsync(InvoiceFlows.MarkPaidId, invoiceId, "fully-paid");
        await RecordAsync(InvoiceFlows.DunningId, invoiceId, "paid-before-due");
    }

    [Fact]
    public async Task Dunning_PaidPartlyThenInFullAfterReminderOne_RecordsBothPayments()
    {
        var invoiceId = await SendNewInvoiceAsync();
        await _client.PayAsync(invoiceId, 100m);
        await _api.DrainAsync();
        await MoveToAsync(new DateTimeOffset(2027, 1, 3, 8, 1, 0, TimeSpan.Zero));
        await _client.PayAsync(invoiceId, (await _client.GetAsync(invoiceId)).OpenAmount);
        await _api.DrainAsync();

        await RecordAsync(InvoiceFlows.MarkPaidId, invoiceId, "partly-paid", index: 0);
        await RecordAsync(InvoiceFlows.DunningId, invoiceId, "paid-after-reminder-1");
    }

    [Fact]
    public async Task Dunning_CancelledWhileWaiting_RecordsTheCancellation()
    {
        var invoiceId = await SendNewInvoiceAsync();
        var dunning = await InstanceIdAsync(InvoiceFlows.DunningId, invoiceId);

        await _api.Services.GetRequiredService<IFlowEngine>().CancelAsync(dunning, "invoice disputed", CancellationToken.None);
        await _api.DrainAsync();

        await RecordAsync(InvoiceFlows.DunningId, invoiceId, "cancelled");
    }

    [Fact]
    public async Task OverdueCheck_Run_RecordsIt()
    {
        await SendNewInvoiceAsync();
        var started = await _api.Services.GetRequiredService<IFlowEngine>().StartAsync(
            new StartFlowRequest(InvoiceFlows.OverdueCheckId, CorrelationId: "golden-overdue-check"), CancellationToken.None);
        await _api.DrainAsync();

        await GoldenRecorder.RecordAsync(_api.Services, started.InstanceId, "daily");
    }

    [Fact]
    public async Task PayableApproval_AnsweredAfterTheReminder_RecordsTimeoutReminderAndDecision()
    {
        var billId = await StartApprovalAsync(1250.40m);

        await MoveByAsync(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        await ApproveAsync(billId, "anna");

        await GoldenRecorder.RecordAsync(_api.Services, PayableFlows.ApprovalInstanceId(billId), "approved-after-reminder");
    }

    [Fact]
    public async Task PayableApproval_FourEyesSecondApproverLate_RecordsTheEscalation()
    {
        var billId = await StartApprovalAsync(25_000m);

        await ApproveAsync(billId, "anna");
        await MoveByAsync(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        await ApproveAsync(billId, "bruno");

        await GoldenRecorder.RecordAsync(_api.Services, PayableFlows.ApprovalInstanceId(billId), "four-eyes-escalated");
    }

    [Fact]
    public async Task PayableProcess_KnownSupplier_RecordsTheReadAndTheAutoValidation()
    {
        var pdf = InvoicePdfRenderer.Render(InvoiceSamples.Create(3, "fr"));
        var supplier = await _api.ClientWithToken().PostAsJsonAsync("/api/payables/suppliers", new SupplierRequest("DAINAMICS",
            "Société Générale de Déménagement Sàrl", null, null, null, "Lausanne", "CH", null, null, null, 30, ["CH5800791123000889012"]));
        Assert.Equal(HttpStatusCode.Created, supplier.StatusCode);

        var billId = await UploadBillAsync("DAINAMICS", pdf);

        await GoldenRecorder.RecordAsync(_api.Services, PayableFlows.ProcessInstanceId(billId), "auto-validated");
    }

    [Fact]
    public async Task PayableProcess_UnknownSupplier_RecordsTheReviewAndTheApprovalStart()
    {
        var billId = await UploadBillAsync("TAKEOUT", InvoicePdfRenderer.Render(InvoiceSamples.Create(4, "de")));

        await GoldenRecorder.RecordAsync(_api.Services, PayableFlows.ProcessInstanceId(billId), "review");
    }

    [Fact]
    public async Task WebhookDelivery_ReceiverDownOnce_RecordsTheRetryAndTheDelivery()
    {
        using var receiver = WireMockServer.Start();
        receiver.Given(Request.Create().WithPath("/hook").UsingPost()).InScenario("down-once").WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(503));
        receiver.Given(Request.Create().WithPath("/hook").UsingPost()).InScenario("down-once").WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(204));
        var (endpoint, _) = await _api.Services.GetRequiredService<WebhookEndpointStore>()
            .CreateAsync(new("HYPERVISUAL", $"{receiver.Url}/hook", ["golden.webhook"], null), CancellationToken.None);
        await _api.Services.GetRequiredService<NotificationDispatcher>().NotifyAsync(new NotificationRequest("golden-webhook-" + Guid.NewGuid(),
            "HYPERVISUAL", "golden.webhook", ["admin"], new JsonObject { ["title"] = "Golden", ["text"] = "A webhook for the golden history." }),
            CancellationToken.None);

        await _api.DrainAsync();
        await MoveByAsync(TimeSpan.FromSeconds(31));

        var delivery = Assert.Single(await _api.Services.GetRequiredService<WebhookDeliveries>().LogAsync(endpoint.Id, 10, CancellationToken.None));
        Assert.Equal("delivered", delivery.Status);
        await GoldenRecorder.RecordAsync(_api.Services, NotificationFlows.DeliveryInstanceId(delivery.Id), "receiver-down-once");
    }

    [Fact]
    public async Task Reconciliation_QrPaymentWaiting_RecordsTheRun()
    {
        var invoice = await _client.IssuedInvoiceAsync("TAKEOUT");
        await Finance.Tests.Banking.BankingSeed.TransactionAsync(_api, "TAKEOUT", invoice.Total, invoice.PaymentReference);
        var instanceId = "golden-reconciliation-" + Guid.NewGuid().ToString("N");

        await _api.Services.GetRequiredService<IFlowEngine>().StartAsync(new StartFlowRequest(Finance.Workflows.Banking.BankingFlows.ReconciliationId,
            null, "TAKEOUT", InstanceId: instanceId), CancellationToken.None);
        await _api.DrainAsync();

        await GoldenRecorder.RecordAsync(_api.Services, instanceId, "one-match");
    }

    [Fact]
    public async Task Sync_NoConnection_RecordsThePullAndTheChildReconciliation()
    {
        var instanceId = "golden-sync-" + Guid.NewGuid().ToString("N");

        await _api.Services.GetRequiredService<IFlowEngine>().StartAsync(new StartFlowRequest(Finance.Workflows.Banking.BankingFlows.SyncId,
            new JsonObject { ["source"] = "revolut" }, "ENKI_REALTY", InstanceId: instanceId), CancellationToken.None);
        await _api.DrainAsync();

        await GoldenRecorder.RecordAsync(_api.Services, instanceId, "nothing-to-pull");
    }

    private async Task<Guid> UploadBillAsync(string company, byte[] pdf)
    {
        var response = await _api.CreateClientWithToken(Roles.Accountant, "dora", company)
            .PostAsync("/api/payables/documents", PayablesSeed.UploadForm(company, pdf));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await _api.DrainAsync();
        return (await response.Content.ReadFromJsonAsync<BillResponse>())!.Id;
    }

    private async Task<Guid> StartApprovalAsync(decimal gross)
    {
        var billId = await PayablesSeed.ReviewBillAsync(_api.Services.GetRequiredService<NpgsqlDataSource>(), "HYPERVISUAL", gross);
        await _api.Services.GetRequiredService<IFlowEngine>().StartAsync(new StartFlowRequest(PayableFlows.ApprovalId,
            new JsonObject { ["billId"] = billId.ToString() }, "HYPERVISUAL", billId.ToString(), InstanceId: PayableFlows.ApprovalInstanceId(billId)),
            CancellationToken.None);
        await _api.DrainAsync();
        return billId;
    }

    private async Task ApproveAsync(Guid billId, string approver)
    {
        var response = await _api.CreateClientWithToken(Roles.Approver, approver, "HYPERVISUAL")
            .PostAsJsonAsync($"/api/payables/bills/{billId}/approve", new ApproveBillRequest(null));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _api.DrainAsync();
    }

    private async Task<Guid> SendNewInvoiceAsync()
    {
        var customer = await _client.CreateCustomerAsync(email: $"ap-{Guid.NewGuid():N}@client.example");
        var draft = await _client.CreateDraftAsync("HYPERVISUAL", customer.Id);
        var response = await _api.ClientWithToken().PostAsync($"/api/invoices/{draft.Id}/send", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _api.DrainAsync();
        return draft.Id;
    }

    private async Task MoveToAsync(DateTimeOffset time)
    {
        _clock.SetUtcNow(time);
        await _api.DrainAsync();
    }

    private Task MoveByAsync(TimeSpan by) => MoveToAsync(_clock.GetUtcNow() + by);

    private async Task<string> InstanceIdAsync(string flowId, Guid invoiceId, int index = 0)
    {
        var listed = await _api.Services.GetRequiredService<FlowQueries>().ListInstancesAsync(
            new FlowInstanceFilter(flowId, CorrelationId: invoiceId.ToString()), CancellationToken.None);
        return listed.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id, StringComparer.Ordinal).ElementAt(index).Id;
    }

    private async Task RecordAsync(string flowId, Guid invoiceId, string scenario, int index = 0) =>
        await GoldenRecorder.RecordAsync(_api.Services, await InstanceIdAsync(flowId, invoiceId, index), scenario);
}
