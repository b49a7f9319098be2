using System.Text.Json.Nodes;
using Finance.Tests.Api.Flows;
using Finance.Tests.Banking;
using Finance.Tests.Payables;
using Finance.Tests.Reading;
using static Finance.Tests.Api.Hardening.ExampleBodies;

namespace Finance.Tests.Api.Hardening;

/// <summary>
/// How to call one operation validly, given a company's resources: its path values (real ids) — <c>Fresh</c> when the
/// request uses its target up (issue, delete, signal…) so every call gets a new one — its query and its body.
/// </summary>
public sealed record Example(
    Func<CompanyResources, Dictionary<string, string>>? Path = null,
    Func<CompanyResources, string>? Query = null,
    Func<CompanyResources, JsonNode>? Body = null,
    Func<CompanyResources, Task<Dictionary<string, string>>>? Fresh = null,
    Func<CompanyResources, HttpContent>? Form = null);

/// <summary>
/// One valid request per operation, keyed by operationId: the authorization matrix sends it as each role, the
/// bad-input suite mutates it. Operations whose request uses its target up (issue, delete, signal…) get a fresh one.
/// </summary>
public static class ExampleRequests
{
    public static readonly IReadOnlyDictionary<string, Example> ByOperationId = new Dictionary<string, Example>
    {
        ["ListCompanies"] = new(),
        ["GetCompany"] = new(r => Values(("code", r.Company))),
        ["StreamEvents"] = new(Query: _ => "types=invoice.issued"),

        ["ListCustomers"] = new(Query: r => $"company={r.Company}"),
        ["CreateCustomer"] = new(Body: r => Customer(r.Company)),
        ["GetCustomer"] = new(r => Id(r.CustomerId)),
        ["UpdateCustomer"] = new(r => Id(r.CustomerId), Body: r => Customer(r.Company)),
        ["DeleteCustomer"] = new(Fresh: async r => Id(await r.NewCustomerAsync())),

        ["ListInvoices"] = new(Query: r => $"company={r.Company}&status=issued&limit=10&offset=0"),
        ["CreateInvoiceDraft"] = new(Body: r => Invoice(r.Company, r.CustomerId)),
        ["GetInvoice"] = new(r => Id(r.IssuedId)),
        ["UpdateInvoiceDraft"] = new(r => Id(r.DraftId), Body: r => Invoice(r.Company, r.CustomerId)),
        ["GetInvoicePdf"] = new(r => Id(r.IssuedId)),
        ["IssueInvoice"] = new(Fresh: async r => Id(await r.NewDraftAsync())),
        ["MarkInvoiceSent"] = new(Fresh: async r => Id(await r.NewIssuedAsync())),
        ["CancelInvoice"] = new(Fresh: async r => Id(await r.NewIssuedAsync())),
        ["SendInvoice"] = new(Fresh: async r => Id(await r.NewDraftAsync())),
        ["ListInvoiceReminders"] = new(r => Id(r.IssuedId)),
        ["ListInvoicePayments"] = new(r => Id(r.IssuedId)),
        ["RecordInvoicePayment"] = new(Fresh: async r => Id(await r.NewIssuedAsync()),
            Body: _ => Payment()),
        ["CreateCreditNote"] = new(Fresh: async r => Id(await r.NewIssuedAsync()), Body: _ => CreditNote()),

        ["ListFlowDefinitions"] = new(),
        ["GetFlowDefinition"] = new(r => Values(("id", r.Flows.WaitFlowId)), Query: _ => "version=1"),
        ["ListFlowDefinitionVersions"] = new(r => Values(("id", r.Flows.WaitFlowId))),
        ["CreateFlowDraft"] = new(Body: _ => FlowDefinition(FlowApiKit.NewFlowId("example"))),
        ["UpdateFlowDraft"] = new(r => Version(r.Flows.Draft), Body: r => FlowDefinition(r.Flows.Draft.Id)),
        ["ValidateFlowDefinition"] = new(Body: _ => FlowDefinition("hardening.example")),
        ["ValidateFlowVersion"] = new(r => Version(r.Flows.Draft)),
        ["PublishFlowVersion"] = new(Fresh: async r => Version(await r.Flows.NewDraftAsync())),
        ["RetireFlowVersion"] = new(Fresh: async r => Version(await r.Flows.NewPublishedAsync())),
        ["RevertFlowVersion"] = new(r => Values(("id", r.Flows.WaitFlowId), ("version", "1"))),
        ["ListFlowActivities"] = new(),
        ["ReceiveFlowHook"] = new(Fresh: async r => Values(("slug", await r.Flows.NewHookAsync(r.Company))), Body: _ => Json("""{"order":"A-1"}""")),

        ["ListFlowInstances"] = new(Query: r => $"company={r.Company}&status=waiting&limit=10"),
        ["StartFlowInstance"] = new(Body: r => StartFlow(r.Flows.WaitFlowId, r.Company)),
        ["GetFlowInstance"] = new(r => Values(("id", r.WaitingInstanceId))),
        ["SignalFlowInstance"] = new(Fresh: async r => Values(("id", await r.NewWaitingInstanceAsync()), ("name", "go")), Body: _ => Json("""{"amount":100}""")),
        ["CancelFlowInstance"] = new(Fresh: async r => Values(("id", await r.NewWaitingInstanceAsync())), Query: _ => "reason=duplicate"),
        ["RetryFlowInstance"] = new(Fresh: async r => Values(("id", await r.NewFailedInstanceAsync()))),

        ["ListFlowSchedules"] = new(),
        ["PauseFlowSchedule"] = new(r => Values(("id", r.ScheduleId))),
        ["ResumeFlowSchedule"] = new(r => Values(("id", r.ScheduleId))),
        ["TriggerFlowSchedule"] = new(r => Values(("id", r.ScheduleId))),
        ["ListQueues"] = new(),
        ["ListFlowDeadLetters"] = new(Query: _ => "limit=10"),

        ["UploadBillDocument"] = new(Form: r => PayablesSeed.UploadForm(r.Company, MiniPdf.Build())),
        ["ListBills"] = new(Query: r => $"company={r.Company}&status=review&limit=10"),
        ["GetBill"] = new(r => Id(r.BillId)),
        ["GetBillDocument"] = new(r => Id(r.BillId)),
        ["GetBillPage"] = new(r => Values(("id", r.BillId.ToString()), ("page", "1"))),
        ["CorrectBill"] = new(Fresh: async r => Id(await r.NewReviewBillAsync()), Body: _ => Json("""{"field":"invoice.number","value":"R-2026-17"}""")),
        ["ApproveBill"] = new(Fresh: async r => Id(await r.NewReviewBillAsync()), Body: _ => Json("""{"comment":"checked against the order"}""")),
        ["RejectBill"] = new(Fresh: async r => Id(await r.NewReviewBillAsync()), Body: _ => Json("""{"reason":"not ordered"}""")),
        ["ListPaymentRuns"] = new(Query: r => $"company={r.Company}&limit=10"),
        ["GetPaymentRun"] = new(r => Id(r.PaymentRunId)),
        ["GetPaymentRunFile"] = new(r => Id(r.PaymentRunId)),
        ["CreatePaymentRun"] = new(Fresh: async r => { await r.NewValidatedBillAsync(); return []; },
            Body: r => Json($$"""{"company":"{{r.Company}}","debtorIban":"{{r.DebtorIban}}","executionDate":"2026-12-18"}""")),
        ["CancelPaymentRun"] = new(Fresh: async r => Id(await r.NewPaymentRunAsync())),
        ["ListSuppliers"] = new(Query: r => $"company={r.Company}&limit=10"),
        ["GetSupplier"] = new(r => Id(r.SupplierId)),
        ["CreateSupplier"] = new(Body: r => Json($$"""{"company":"{{r.Company}}","name":"Papeterie Muller SA","town":"Lausanne","country":"CH"}""")),

        ["ListNotifications"] = new(Query: r => $"company={r.Company}&unread=true&limit=10"),
        ["MarkNotificationsRead"] = new(Body: r => Json($$"""{"ids":["{{r.NotificationId}}"]}""")),
        ["ListNotificationRecipients"] = new(),
        ["SaveNotificationRecipient"] = new(Body: r => Json($$"""
            {"company":"{{r.Company}}","name":"Anna Keller","email":"anna.keller@example.ch","language":"de","roles":["approver"],"topics":["bill.review"]}
            """)),
        ["DeleteNotificationRecipient"] = new(Fresh: async r => Id(await r.NewRecipientAsync())),
        ["ListWebhookEndpoints"] = new(),
        ["CreateWebhookEndpoint"] = new(Body: r => Json($$"""{"company":"{{r.Company}}","url":"https://hooks.example.ch/finance","topics":["bill.review"]}""")),
        ["DeactivateWebhookEndpoint"] = new(Fresh: async r => Id(await r.NewWebhookAsync())),
        ["ListWebhookDeliveries"] = new(r => Id(r.WebhookId), Query: _ => "limit=10"),

        ["ImportBankStatement"] = new(Form: r => BankingSeed.Upload(BankingSeed.Camt054(r.QrIban, "N-" + Guid.NewGuid().ToString("N")[..12],
            (10m, null, "Hardening AG", "BR-" + Guid.NewGuid().ToString("N")[..12])), "camt054.xml")),
        ["ListCsvProfiles"] = new(),
        ["SaveCsvProfile"] = new(Body: _ => Json("""
            {"name":"Hardening Bank","headerSignature":["Datum","Betrag","Text"],"delimiter":";","decimalMark":".","dateFormats":["dd.MM.yyyy"],
             "columns":{"bookingDate":"Datum","amount":"Betrag","text":["Text"]}}
            """)),
        ["ListBankAccounts"] = new(Query: r => $"company={r.Company}"),
        ["ListBankTransactions"] = new(Query: r => $"company={r.Company}&status=unmatched&limit=10"),
        ["GetBankTransaction"] = new(r => Id(r.BankTransactionId)),
        ["GetDashboard"] = new(Query: r => $"company={r.Company}"),
        ["GetCashPosition"] = new(Query: r => $"company={r.Company}&from=2026-11-01&to=2026-11-30"),
        ["GetTransactionReconciliation"] = new(r => Id(r.BankTransactionId)),
        ["ConfirmTransactionMatch"] = new(Fresh: async r => Id(await r.NewBankTransactionAsync()),
            Body: r => Json($$"""{"allocations":[{"itemId":"{{r.IssuedId}}","amount":10}]}""")),
        ["SetTransactionAside"] = new(Fresh: async r => Id(await r.NewBankTransactionAsync()), Body: _ => Json("""{"target":"ignored","reason":"own transfer"}""")),
        ["UndoTransactionMatch"] = new(Fresh: async r => Id(await r.NewMatchedTransactionAsync()), Body: _ => Json("""{"reason":"booked on the wrong invoice"}""")),
        ["ForceBankSync"] = new(Body: r => Json($$"""{"source":"revolut","company":"{{r.Company}}"}""")),
        ["ForceReconciliation"] = new(Body: r => Json($$"""{"company":"{{r.Company}}"}""")),
        ["ListReconciliationRules"] = new(),
        ["CreateReconciliationRule"] = new(Body: r => Json($$$"""
            {"company":"{{{r.Company}}}","name":"Salaries","position":10,"condition":{"textContains":"Salaire"},"action":{"kind":"Ignore"}}
            """)),
        ["DeleteReconciliationRule"] = new(Fresh: async r => Id(await r.NewRuleAsync())),
        ["ListSyncConflicts"] = new(Query: r => $"company={r.Company}&open=true&limit=10"),
    };

    /// <summary>The operation's example for <paramref name="resources"/>; throws when the table has none.</summary>
    public static async Task<PreparedRequest> PrepareAsync(ApiOperation operation, CompanyResources resources)
    {
        if (!ByOperationId.TryGetValue(operation.OperationId, out var example))
            throw new InvalidOperationException($"{operation} has no example in ExampleRequests: add one.");
        var path = example.Fresh is { } fresh ? await fresh(resources) : example.Path?.Invoke(resources) ?? [];
        var query = example.Query?.Invoke(resources).Split('&').Select(p => p.Split('=', 2)).Select(p => KeyValuePair.Create(p[0], p[1])).ToList() ?? [];
        return new PreparedRequest(operation, path, query, example.Body?.Invoke(resources), example.Form is { } form ? () => form(resources) : null);
    }

    private static Dictionary<string, string> Values(params (string Name, string Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    private static Dictionary<string, string> Id(Guid id) => Values(("id", id.ToString()));

    private static Dictionary<string, string> Version((string Id, int Version) v) => Values(("id", v.Id), ("version", $"{v.Version}"));
}
