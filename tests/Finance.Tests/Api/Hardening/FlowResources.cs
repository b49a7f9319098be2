using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Finance.Api.Flows;
using Finance.Tests.Api.Flows;
using Finance.Tests.Invoicing;
using Finance.Workflows.Builder;
using Finance.Workflows.Model;

namespace Finance.Tests.Api.Hardening;

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
        var response = await admin.PostAsync("/api/flows/definitions", FlowApiKit.Json(ExampleBodies.FlowDefinition(FlowApiKit.NewFlowId("draft")).ToJsonString()));
        var draft = await InvoicingClient.ReadAsync<FlowDefinitionResponse>(response);
        return (draft.Id, draft.Version);
    }

    public async Task<(string Id, int Version)> NewPublishedAsync()
    {
        var published = await FlowApiKit.PublishAsync(admin, FlowApiKit.NoopFlow());
        return (published.Id, published.Version);
    }

    /// <summary>A published flow with a bearer HTTP trigger for <paramref name="company"/>; returns its slug.</summary>
    public async Task<string> NewHookAsync(string company)
    {
        var slug = $"hook-{Guid.NewGuid():N}"[..20];
        await FlowApiKit.PublishAsync(admin, FlowApiKit.NoopFlow() with { Trigger = new(FlowTrigger.Http, slug, FlowTrigger.Bearer, Company: company) });
        return slug;
    }

    /// <summary>The built-in flows (ids and nothing else), as listed before the suites add any.</summary>
    public static async Task<string[]> ListAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonArray>("/api/flows/definitions"))!.Select(d => (string)d!["id"]!)];
}
