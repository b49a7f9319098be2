using System.Net;
using System.Net.Http.Json;
using System.Text;
using Finance.Api.Flows;
using Finance.Tests.Infrastructure;
using Finance.Tests.Workflows.Embedded;
using Finance.Workflows.Builder;
using Finance.Workflows.Model;

namespace Finance.Tests.Api.Flows;

/// <summary>Helpers to publish flows through the API (<see cref="ApiFixture"/>, diagnostic activities on) and run their work in-process.</summary>
internal static class FlowApiKit
{
    public static string NewFlowId(string name) => $"api.{name}.{Guid.NewGuid():N}"[..36];

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Json(FlowDefinition definition) => Json(FlowJson.Serialize(definition));

    /// <summary>Saves and publishes through the API; returns the published version.</summary>
    public static async Task<FlowDefinitionResponse> PublishAsync(HttpClient admin, FlowDefinition definition)
    {
        var draft = await (await admin.PostAsync("/api/flows/definitions", Json(definition))).Content.ReadFromJsonAsync<FlowDefinitionResponse>();
        var published = await admin.PostAsync($"/api/flows/definitions/{draft!.Id}/versions/{draft.Version}/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        return (await published.Content.ReadFromJsonAsync<FlowDefinitionResponse>())!;
    }

    /// <summary>A flow that waits for <c>go</c> (14 days) and completes with the payload's <c>amount</c>.</summary>
    public static FlowDefinition WaitFlow() => Flow.Define(NewFlowId("wait"), "Wait for go")
        .Wait("go", "go", TimeSpan.FromDays(14), t => t.Fail("late", "'too late'"), output: "go")
        .Complete("done", "({ amount: vars.go.amount })")
        .Build();

    public static FlowDefinition NoopFlow() => Flow.Define(NewFlowId("noop"), "Noop")
        .Activity("noop", "diag.noop").Complete("done").Build();

    public static async Task<FlowInstanceRefResponse> StartAsync(HttpClient client, string flowId, string? company = "HYPERVISUAL", string? correlation = null)
    {
        var response = await client.PostAsJsonAsync("/api/flows/instances", new StartFlowInstanceRequest(flowId, null, company, correlation ?? Guid.NewGuid().ToString()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<FlowInstanceRefResponse>())!;
    }

    /// <summary>Publishes <paramref name="definition"/> and starts an instance of it.</summary>
    public static async Task<FlowInstanceRefResponse> PublishAndStartAsync(HttpClient admin, FlowDefinition definition, string? company = "HYPERVISUAL")
    {
        await PublishAsync(admin, definition);
        return await StartAsync(admin, definition.Id, company);
    }

    /// <summary>Runs due activities and timers on every queue until nothing is due (no workers run inside the API).</summary>
    public static Task DrainAsync(this ApiFactory api) => FlowHarness.DrainAsync(api.Services);
}
