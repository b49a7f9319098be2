using System.Text.Json.Nodes;
using Finance.Tests.Infrastructure;
using Finance.Tests.Invoicing;
using Finance.Workflows.Activities;
using Finance.Workflows.Invoicing;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Tests.Workflows.Activities;

/// <summary>
/// invoice.issue run twice at once, as happens when a worker paused past its lease and another took the step over: both
/// runs must report the one issued invoice; a run that failed would fail the whole send flow (the error is final).
/// </summary>
public sealed class IssueInvoiceActivityTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Issue_TwoRunsOfTheSameStepAtOnce_BothReturnTheOneIssuedInvoice()
    {
        var client = new InvoicingClient(fixture.Api.ClientWithToken());
        var customer = await client.CreateCustomerAsync();
        var drafts = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.CreateDraftAsync("HYPERVISUAL", customer.Id)));
        using var scope = fixture.Api.Services.CreateScope();
        var activity = ActivatorUtilities.CreateInstance<IssueInvoiceActivity>(scope.ServiceProvider);

        foreach (var draft in drafts)
        {
            var context = new ActivityContext($"invoice-send-{draft.Id:N}", "invoice.create-and-send", "steps[0]",
                $"invoice-send-{draft.Id:N}:steps[0]", 1, new JsonObject { ["invoiceId"] = draft.Id.ToString() }, "HYPERVISUAL");
            var runs = await Task.WhenAll(activity.ExecuteAsync(context, CancellationToken.None), activity.ExecuteAsync(context, CancellationToken.None));

            Assert.All(runs, r => Assert.Equal("issued", (string?)r!["status"]));
            Assert.Equal((string?)runs[0]!["number"], (string?)runs[1]!["number"]);
            Assert.Equal((await client.GetAsync(draft.Id)).Number, (string?)runs[0]!["number"]);
        }
    }
}
