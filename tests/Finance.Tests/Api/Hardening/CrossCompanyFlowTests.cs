using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Finance.Api.Auth;
using Finance.Api.Flows;
using Finance.Api.Invoicing;
using Finance.Tests.Infrastructure;
using Finance.Tests.Invoicing;
using Finance.Workflows.Builder;
using Finance.Workflows.Engines;
using Finance.Workflows.Invoicing;
using Microsoft.Extensions.DependencyInjection;
using static Finance.Tests.Api.Flows.FlowApiKit;

namespace Finance.Tests.Api.Hardening;

/// <summary>
/// A token of one company must not move another company's books through a flow: not by naming a foreign record in a
/// start's input (checked by the API), and not by any other way a flow comes to name one (checked before each activity).
/// </summary>
public sealed class CrossCompanyFlowTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly ApiFactory _api = fixture.Api;

    public static TheoryData<string> BuiltInFlows => [InvoiceFlows.CreateAndSendId, InvoiceFlows.MarkPaidId, InvoiceFlows.DunningId, InvoiceFlows.OverdueCheckId];

    [Theory]
    [MemberData(nameof(BuiltInFlows))]
    public async Task Start_BuiltInFlowNamingAnotherCompanysInvoice_Returns403AndChangesNothing(string flowId)
    {
        var foreign = await new InvoicingClient(_api.ClientWithToken()).IssuedInvoiceAsync("DAINAMICS");
        var accountant = _api.ClientWithToken(Roles.Accountant, "HYPERVISUAL");
        var input = new JsonObject { ["invoiceId"] = foreign.Id.ToString(), ["amount"] = 100, ["currency"] = "CHF", ["dueDate"] = "2026-01-01" };

        var response = await accountant.PostAsJsonAsync("/api/flows/instances", new StartFlowInstanceRequest(flowId, input, "HYPERVISUAL", foreign.Id.ToString()));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("DAINAMICS", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await _api.DrainAsync();
        await AssertUnchangedAsync(foreign);
        Assert.Empty((await _api.ClientWithToken().GetFromJsonAsync<FlowInstanceResponse[]>($"/api/flows/instances?correlation={foreign.Id}"))!);
    }

    [Fact]
    public async Task Start_GroupTokenForOneCompanyNamingAnothersInvoice_ReturnsValidationProblem()
    {
        var foreign = await new InvoicingClient(_api.ClientWithToken()).IssuedInvoiceAsync("DAINAMICS");

        var response = await _api.ClientWithToken().PostAsJsonAsync("/api/flows/instances", new StartFlowInstanceRequest(
            InvoiceFlows.MarkPaidId, new JsonObject { ["invoiceId"] = foreign.Id.ToString(), ["amount"] = 100, ["currency"] = "CHF" }, "HYPERVISUAL", null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("input.invoiceId", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertUnchangedAsync(foreign);
    }

    // Only the inputs each activity takes: the validator refuses the others at publish (activity descriptors).
    private static void WithRequiredInputs(ActivityStepBuilder step, string activity)
    {
        if (activity == "invoice.record-payment") step.Input("amount", "100").Input("currency", "'CHF'");
        if (activity == "invoice.send-reminder") step.Input("level", "1").Input("fee", "0");
    }

    public static TheoryData<string> InvoiceActivities => ["invoice.issue", "invoice.send", "invoice.send-reminder", "invoice.record-payment", "invoice.notify-payment"];

    /// <summary>The engine is reached directly, as a flow reaches an activity: the API's check is not what stops it.</summary>
    [Theory]
    [MemberData(nameof(InvoiceActivities))]
    public async Task Activity_InstanceOfOneCompanyNamingAnothersInvoice_FailsBeforeTouchingIt(string activity)
    {
        var invoicing = new InvoicingClient(_api.ClientWithToken());
        var customer = await invoicing.CreateCustomerAsync("DAINAMICS");
        var foreign = await invoicing.IssueAsync((await invoicing.CreateDraftAsync("DAINAMICS", customer.Id)).Id);
        var flow = Flow.Define(NewFlowId("guard"), "Guard")
            .Activity("touch", activity, a => WithRequiredInputs(a.Input("invoiceId", "input.invoiceId"), activity))
            .Complete("done").Build();
        await PublishAsync(_api.ClientWithToken(), flow);

        var started = await _api.Services.GetRequiredService<IFlowEngine>().StartAsync(
            new StartFlowRequest(flow.Id, new JsonObject { ["invoiceId"] = foreign.Id.ToString() }, "HYPERVISUAL"), CancellationToken.None);
        await _api.DrainAsync();

        var details = (await _api.ClientWithToken().GetFromJsonAsync<FlowInstanceDetailsResponse>($"/api/flows/instances/{started.InstanceId}"))!;
        Assert.Equal("failed", details.Instance.Status);
        Assert.Contains("of company DAINAMICS; this flow instance works for HYPERVISUAL", details.Journal.Select(j => j.Event!.ToJsonString()).Last(j => j.Contains("error", StringComparison.Ordinal)), StringComparison.Ordinal);
        await AssertUnchangedAsync(foreign);
    }

    [Fact]
    public async Task Activity_FlowSignalToAnotherCompanysInstance_FailsAndTheTargetKeepsWaiting()
    {
        var admin = _api.ClientWithToken();
        var target = await PublishAndStartAsync(admin, WaitFlow(), company: "DAINAMICS");
        var signaller = Flow.Define(NewFlowId("signaller"), "Signaller")
            .Activity("signal", "flow.signal", a => a.Input("instanceId", "input.target").Input("signal", "'go'").Input("payload", "({ amount: 1 })"))
            .Complete("done").Build();
        await PublishAsync(admin, signaller);

        var started = await _api.Services.GetRequiredService<IFlowEngine>().StartAsync(
            new StartFlowRequest(signaller.Id, new JsonObject { ["target"] = target.InstanceId }, "HYPERVISUAL"), CancellationToken.None);
        await _api.DrainAsync();

        var instance = await admin.GetFromJsonAsync<FlowInstanceDetailsResponse>($"/api/flows/instances/{started.InstanceId}");
        Assert.Equal("failed", instance!.Instance.Status);
        var waiting = await admin.GetFromJsonAsync<FlowInstanceDetailsResponse>($"/api/flows/instances/{target.InstanceId}");
        Assert.Equal("waiting", waiting!.Instance.Status);
    }

    [Fact]
    public async Task Signal_PayloadNamingAnotherCompanysInvoice_Returns403()
    {
        var foreign = await new InvoicingClient(_api.ClientWithToken()).IssuedInvoiceAsync("DAINAMICS");
        var own = await PublishAndStartAsync(_api.ClientWithToken(), WaitFlow(), company: "HYPERVISUAL");

        var response = await _api.ClientWithToken(Roles.Accountant, "HYPERVISUAL").PostAsync(
            $"/api/flows/instances/{own.InstanceId}/signals/go", Json($$"""{"invoiceId":"{{foreign.Id}}"}"""));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var details = await _api.ClientWithToken().GetFromJsonAsync<FlowInstanceDetailsResponse>($"/api/flows/instances/{own.InstanceId}");
        Assert.Equal("waiting", details!.Instance.Status);
    }

    private async Task AssertUnchangedAsync(InvoiceResponse before)
    {
        var after = await new InvoicingClient(_api.ClientWithToken()).GetAsync(before.Id);
        Assert.Equal((before.Status, before.PaidAmount, before.ReminderCount), (after.Status, after.PaidAmount, after.ReminderCount));
        var payments = await _api.ClientWithToken().GetFromJsonAsync<PaymentResponse[]>($"/api/invoices/{before.Id}/payments");
        Assert.Empty(payments!);
    }
}
