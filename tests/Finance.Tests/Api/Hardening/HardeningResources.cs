using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Finance.Api.Flows;
using Finance.Tests.Api.Flows;
using Finance.Tests.Infrastructure;
using Finance.Tests.Invoicing;
using Finance.Workflows.Builder;
using Finance.Workflows.Engines.Embedded;
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

    internal async Task SeedAsync()
    {
        CustomerId = await NewCustomerAsync();
        DraftId = await NewDraftAsync();
        IssuedId = await NewIssuedAsync();
        WaitingInstanceId = await NewWaitingInstanceAsync();
        await api.Services.GetRequiredService<FlowScheduler>()
            .UpsertAsync(new FlowSchedule(ScheduleId, flows.WaitFlowId, "0 9 * * *", Company: company), CancellationToken.None);
    }

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

/// <summary>Group-wide flow definitions: a published wait flow, a flow that fails, and drafts to publish or edit.</summary>
public sealed class FlowResources(HttpClient admin)
{
    public string WaitFlowId { get; private set; } = "";

    public string FailFlowId { get; private set; } = "";

    public (string Id, int Version) Draft { get; private set; }

    internal async Task SeedAsync()
    {
        WaitFlowId = (await FlowApiKit.PublishAsync(admin, FlowApiKit.WaitFlow())).Id;
        FailFlowId = (await FlowApiKit.PublishAsync(admin, Flow.Define(FlowApiKit.NewFlowId("fail"), "Fails for good")
            .Activity("boom", "diag.fail", a => a.Input("nonRetryable", "true").Retry(1)).Complete("done").Build())).Id;
        Draft = await NewDraftAsync();
    }

    public async Task<(string Id, int Version)> NewDraftAsync()
    {
        var response = await admin.PostAsync("/api/flows/definitions", FlowApiKit.Json(ExampleRequests.FlowDefinition(FlowApiKit.NewFlowId("draft")).ToJsonString()));
        var draft = await InvoicingClient.ReadAsync<FlowDefinitionResponse>(response);
        return (draft.Id, draft.Version);
    }

    public async Task<(string Id, int Version)> NewPublishedAsync()
    {
        var published = await FlowApiKit.PublishAsync(admin, FlowApiKit.NoopFlow());
        return (published.Id, published.Version);
    }

    /// <summary>The built-in flows (ids and nothing else), as listed before the suites add any.</summary>
    public static async Task<string[]> ListAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonArray>("/api/flows/definitions"))!.Select(d => (string)d!["id"]!)];
}
