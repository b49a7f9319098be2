using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Finance.Api.Auth;
using Finance.Api.Flows;
using Finance.Tests.Infrastructure;
using static Finance.Tests.Api.Flows.FlowApiKit;

namespace Finance.Tests.Api.Idempotency;

/// <summary><c>POST /api/flows/instances</c> with an <c>Idempotency-Key</c>: one instance however many times, or at once, it is sent.</summary>
public sealed class FlowStartIdempotencyTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly ApiFactory _api = fixture.Api;

    private static HttpRequestMessage Start(string flowId, string key, int x) => new(HttpMethod.Post, "/api/flows/instances")
    {
        Content = JsonContent.Create(new StartFlowInstanceRequest(flowId, new JsonObject { ["x"] = x }, "LEXAIA", "corr-" + key)),
        Headers = { { "Idempotency-Key", key } },
    };

    [Fact]
    public async Task Start_SameKeyConcurrently_OneInstanceEveryAnswerTheSame()
    {
        var flow = WaitFlow();
        await PublishAsync(_api.ClientWithToken(), flow);
        var client = _api.ClientWithToken(Roles.Accountant, "LEXAIA");
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.SendAsync(Start(flow.Id, key, 1))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<FlowInstanceRefResponse>())!.InstanceId));
        Assert.Single(ids.Distinct());
        Assert.Equal(5, responses.Count(r => r.Headers.Contains("Idempotent-Replayed")));
        var listed = await client.GetFromJsonAsync<FlowInstanceResponse[]>($"/api/flows/instances?correlation=corr-{key}");
        Assert.Equal(ids[0], Assert.Single(listed!).Id);
    }

    [Fact]
    public async Task Start_SameKeyOtherInput_422AndNoSecondInstance()
    {
        var flow = WaitFlow();
        await PublishAsync(_api.ClientWithToken(), flow);
        var client = _api.ClientWithToken(Roles.Accountant, "LEXAIA");
        var key = Guid.NewGuid().ToString();

        var first = await client.SendAsync(Start(flow.Id, key, 1));
        var other = await client.SendAsync(Start(flow.Id, key, 2));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Single((await client.GetFromJsonAsync<FlowInstanceResponse[]>($"/api/flows/instances?correlation=corr-{key}"))!);
    }

    [Fact]
    public async Task Start_KeyAnswerLost_RetryStartsTheSameInstanceNotASecond()
    {
        // The key's stored answer gone (a crash after the start, before the key's commit): the retry still starts nothing new.
        var flow = WaitFlow();
        await PublishAsync(_api.ClientWithToken(), flow);
        var client = _api.ClientWithToken(Roles.Accountant, "LEXAIA");
        var key = Guid.NewGuid().ToString();

        var first = await (await client.SendAsync(Start(flow.Id, key, 1))).Content.ReadFromJsonAsync<FlowInstanceRefResponse>();
        await using (var connection = await fixture.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("DELETE FROM idempotency_keys WHERE key = @key", new { key });
        }
        var retry = await client.SendAsync(Start(flow.Id, key, 1));

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(first!.InstanceId, (await retry.Content.ReadFromJsonAsync<FlowInstanceRefResponse>())!.InstanceId);
        Assert.Single((await client.GetFromJsonAsync<FlowInstanceResponse[]>($"/api/flows/instances?correlation=corr-{key}"))!);
    }
}
