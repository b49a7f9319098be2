using System.Text.Json.Nodes;

namespace Finance.Tests.Api.Hardening;

/// <summary>
/// How to call one operation validly, given a company's resources: its path values (real ids) — <c>Fresh</c> when the
/// request uses its target up (issue, delete, signal…) so every call gets a new one — its query and its body.
/// </summary>
public sealed record Example(
    Func<CompanyResources, Dictionary<string, string>>? Path = null,
    Func<CompanyResources, string>? Query = null,
    Func<CompanyResources, JsonNode>? Body = null,
    Func<CompanyResources, Task<Dictionary<string, string>>>? Fresh = null);

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
            Body: _ => Json("""{"date":"2026-03-01","amount":100.00,"currency":"CHF","reference":"bank statement 42"}""")),
        ["CreateCreditNote"] = new(Fresh: async r => Id(await r.NewIssuedAsync()), Body: _ => Json("""
            {"date":"2026-03-01","notes":"Goodwill","lines":[{"description":"Goodwill","quantity":1,"unitPrice":100.00,"discountPercent":0,"vatRate":8.1}]}
            """)),

        ["ListFlowDefinitions"] = new(),
        ["GetFlowDefinition"] = new(r => Values(("id", r.Flows.WaitFlowId)), Query: _ => "version=1"),
        ["ListFlowDefinitionVersions"] = new(r => Values(("id", r.Flows.WaitFlowId))),
        ["CreateFlowDraft"] = new(Body: _ => FlowDefinition("hardening.example")),
        ["UpdateFlowDraft"] = new(r => Version(r.Flows.Draft), Body: r => FlowDefinition(r.Flows.Draft.Id)),
        ["ValidateFlowDefinition"] = new(Body: _ => FlowDefinition("hardening.example")),
        ["ValidateFlowVersion"] = new(r => Version(r.Flows.Draft)),
        ["PublishFlowVersion"] = new(Fresh: async r => Version(await r.Flows.NewDraftAsync())),
        ["RetireFlowVersion"] = new(Fresh: async r => Version(await r.Flows.NewPublishedAsync())),
        ["RevertFlowVersion"] = new(r => Values(("id", r.Flows.WaitFlowId), ("version", "1"))),

        ["ListFlowInstances"] = new(Query: r => $"company={r.Company}&status=waiting&limit=10"),
        ["StartFlowInstance"] = new(Body: r => Json($$"""
            {"flowId":"{{r.Flows.WaitFlowId}}","input":{"note":"hello"},"company":"{{r.Company}}","correlationId":"order-{{Guid.NewGuid():N}}","version":1}
            """)),
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
    };

    /// <summary>The operation's example for <paramref name="resources"/>; throws when the table has none.</summary>
    public static async Task<PreparedRequest> PrepareAsync(ApiOperation operation, CompanyResources resources)
    {
        if (!ByOperationId.TryGetValue(operation.OperationId, out var example))
            throw new InvalidOperationException($"{operation} has no example in ExampleRequests: add one.");
        var path = example.Fresh is { } fresh ? await fresh(resources) : example.Path?.Invoke(resources) ?? [];
        var query = example.Query?.Invoke(resources).Split('&').Select(p => p.Split('=', 2)).Select(p => KeyValuePair.Create(p[0], p[1])).ToList() ?? [];
        return new PreparedRequest(operation, path, query, example.Body?.Invoke(resources));
    }

    public static JsonNode Customer(string company) => Json($$"""
        {"company":"{{company}}","name":"Müller & Fils SA",
         "address":{"street":"Rue du Marché","buildingNumber":"4","postalCode":"1204","town":"Genève","country":"CH"},
         "language":"fr","email":"compta@muller.example","paymentTermsDays":30,"vatNumber":"CHE-999.888.777 TVA"}
        """);

    public static JsonNode Invoice(string company, Guid customerId) => Json($$"""
        {"company":"{{company}}","customerId":"{{customerId}}","currency":"CHF","invoiceDate":"2026-03-02","cashRounding":false,"notes":"March",
         "lines":[{"description":"Conseil","quantity":2,"unitPrice":500.00,"discountPercent":10,"vatRate":8.1}]}
        """);

    /// <summary>A definition using every kind of value the designer writes: strings, expressions, a duration, numbers, arrays.</summary>
    public static JsonNode FlowDefinition(string id) => Json($$"""
        {"id":"{{id}}","version":1,"name":"Hardening example","description":"Waits for go, then records it","input":["invoiceId"],
         "steps":[
           {"kind":"wait","id":"await-go","signal":"go","timeout":"P14D","output":"go","onTimeout":[{"kind":"fail","id":"late","reason":"'too late'"}]},
           {"kind":"activity","id":"record","name":"diag.noop","input":{"amount":"vars.go.amount"},
            "retry":{"maxAttempts":3,"initialInterval":"PT1S","backoffCoefficient":2,"maximumInterval":"PT1M"},"output":"recorded"},
           {"kind":"complete","id":"done","output":"({ amount: vars.go.amount })"}]}
        """);

    private static JsonNode Json(string json) => JsonNode.Parse(json)!;

    private static Dictionary<string, string> Values(params (string Name, string Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    private static Dictionary<string, string> Id(Guid id) => Values(("id", id.ToString()));

    private static Dictionary<string, string> Version((string Id, int Version) v) => Values(("id", v.Id), ("version", $"{v.Version}"));
}
