using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Finance.Api.Auth;
using Finance.Api.Flows;
using Finance.Tests.Api.Flows;
using Finance.Tests.Infrastructure;
using Finance.Workflows.Invoicing;
using static Finance.Tests.Api.Hardening.HardeningFixture;

namespace Finance.Tests.Api.Hardening;

/// <summary>What a company-scoped token must not reach through the side doors: flows, schedules and queue counts.</summary>
public sealed partial class AuthorizationMatrixTests
{
    /// <summary>
    /// A HYPERVISUAL accountant starts each built-in flow "for HYPERVISUAL" with a DAINAMICS invoice as input: refused,
    /// and after the workers have run everything due the invoice is as it was (no issue, payment, e-mail or reminder).
    /// </summary>
    [Fact]
    public async Task StartFlowInstance_OwnCompanyWithForeignInvoice_IsRefusedForEveryBuiltInFlow()
    {
        Assert.Contains(InvoiceFlows.CreateAndSendId, fixture.BuiltInFlowIds);
        var targets = new List<(string Flow, Guid Invoice, string Email, Answer Answer, string Before)>();
        foreach (var flowId in fixture.BuiltInFlowIds)
        {
            var email = $"victim-{Guid.NewGuid():N}@dainamics.example";
            var customer = await fixture.Foreign.NewCustomerAsync(email);
            // The state each flow would move: a draft for the flow that issues, an issued invoice for the others.
            var invoice = flowId == InvoiceFlows.CreateAndSendId ? await fixture.Foreign.NewDraftAsync(customer) : await fixture.Foreign.NewIssuedAsync(customer);
            var input = new JsonObject
            {
                ["invoiceId"] = invoice.ToString(), ["amount"] = "1081.00", ["currency"] = "CHF", ["date"] = "2026-03-01",
                ["reference"] = "cross-company", ["dueDate"] = "2020-01-31",
            };
            var before = await InvoiceStateAsync(invoice);
            var answer = await Answer.SendAsync(Client(Roles.Accountant), new HttpRequestMessage(HttpMethod.Post, "/api/flows/instances")
            {
                Content = JsonContent.Create(new StartFlowInstanceRequest(flowId, input, OwnCompany, invoice.ToString())),
            });
            targets.Add((flowId, invoice, email, answer, before));
        }
        await fixture.Api.DrainAsync();

        var failures = new List<string>();
        foreach (var (flow, invoice, email, answer, before) in targets)
        {
            var after = await InvoiceStateAsync(invoice);
            var mails = (await fixture.Mail.MessagesToAsync(email)).Count;
            if (answer.Status != 403) failures.Add($"{flow} for {OwnCompany} with DAINAMICS invoice {invoice}: expected 403, got {answer.Status} {answer.Excerpt}");
            if (after != before || mails > 0) failures.Add($"{flow}: the DAINAMICS invoice moved from [{before}] to [{after}], {mails} e-mail(s) to its customer");
        }
        Report(failures);
    }

    /// <summary>Status, amounts, reminders and outbox events of one invoice, as one comparable line.</summary>
    private async Task<string> InvoiceStateAsync(Guid id)
    {
        var admin = Client(Roles.Admin, CompanyAccess.AllCompanies);
        var invoice = (await admin.GetFromJsonAsync<JsonObject>($"/api/invoices/{id}"))!;
        var events = await fixture.DataSource.CountAsync("SELECT count(*) FROM outbox WHERE payload->>'invoiceId' = @id", new { id = id.ToString() });
        var reminders = await fixture.DataSource.CountAsync("SELECT count(*) FROM invoice_reminders WHERE invoice_id = @id", new { id });
        return $"status {invoice["status"]}, paid {invoice["paidAmount"]}, open {invoice["openAmount"]}, reminders {reminders}, events {events}";
    }

    /// <summary><c>invoice.overdue-check</c> has no company: it is the whole group's, so only a <c>*</c> admin may touch it.</summary>
    [Fact]
    public async Task Schedules_GroupWideSchedule_NeedsWholeGroupToken()
    {
        var failures = new List<string>();
        foreach (var action in new[] { "pause", "resume", "trigger" })
        {
            var url = $"/api/flows/schedules/{InvoiceFlows.OverdueCheckId}/{action}";
            var before = await fixture.SnapshotAsync();
            var scoped = await Answer.SendAsync(Client(Roles.Admin), new HttpRequestMessage(HttpMethod.Post, url));
            if (await RefusedAsync($"{action} {InvoiceFlows.OverdueCheckId} as HYPERVISUAL admin", scoped, 403, before) is { } f) failures.Add(f);
            var group = await Answer.SendAsync(Client(Roles.Admin, CompanyAccess.AllCompanies), new HttpRequestMessage(HttpMethod.Post, url));
            if (!group.IsSuccess) failures.Add($"{action} {InvoiceFlows.OverdueCheckId} as group admin: expected 2xx, got {group.Status} {group.Excerpt}");
        }
        Report(failures);
    }

    /// <summary>Work started in DAINAMICS only: a HYPERVISUAL token's queue counts do not move, a <c>*</c> token's do.</summary>
    [Fact]
    public async Task ListQueues_CompanyScopedToken_CountsOnlyItsCompaniesWork()
    {
        var admin = Client(Roles.Admin, CompanyAccess.AllCompanies);
        var flow = FlowApiKit.NoopFlow();
        await FlowApiKit.PublishAsync(admin, flow);
        // Work other tests of the class left behind runs first, so only this test's flows move the counts.
        await fixture.Api.DrainAsync();
        var (ownBefore, groupBefore) = (await QueueTotalAsync(Client(Roles.Viewer)), await QueueTotalAsync(Client(Roles.Viewer, CompanyAccess.AllCompanies)));

        for (var i = 0; i < 3; i++) await FlowApiKit.StartAsync(admin, flow.Id, ForeignCompany);
        var (ownWaiting, groupWaiting) = (await QueueTotalAsync(Client(Roles.Viewer)), await QueueTotalAsync(Client(Roles.Viewer, CompanyAccess.AllCompanies)));
        await fixture.Api.DrainAsync();
        var (ownDone, groupDone) = (await QueueTotalAsync(Client(Roles.Viewer)), await QueueTotalAsync(Client(Roles.Viewer, CompanyAccess.AllCompanies)));

        Assert.Equal((3L, 3L), (groupWaiting - groupBefore, groupDone - groupBefore));
        Assert.True((ownWaiting, ownDone) == (ownBefore, ownBefore),
            $"a HYPERVISUAL token sees DAINAMICS work: total {ownBefore} before, {ownWaiting} with 3 waiting, {ownDone} once done");
    }

    /// <summary>Every count of every queue (waiting, active, delayed, retrying, done and failed in the last hour, dead-lettered), summed.</summary>
    private static async Task<long> QueueTotalAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<QueueStatsResponse[]>("/api/queues"))!
            .Sum(q => q.Waiting + q.Active + q.Delayed + q.Retrying + q.CompletedLastHour + q.FailedLastHour + q.DeadLettered);
}
