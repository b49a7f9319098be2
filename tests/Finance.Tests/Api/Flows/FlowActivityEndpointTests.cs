using System.Net;
using System.Net.Http.Json;
using Finance.Api.Auth;
using Finance.Api.Flows;
using Finance.Tests.Infrastructure;

namespace Finance.Tests.Api.Flows;

/// <summary><c>GET /api/flows/activities</c>: the designer's palette from the activity descriptors (issue 11, item 3).</summary>
public sealed class FlowActivityEndpointTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly ApiFactory _api = fixture.Api;

    [Fact]
    public async Task List_AnyRoleOneCompany_DescribesEveryActivityAndTheHttpTrigger()
    {
        var viewer = _api.ClientWithToken(Roles.Viewer, "HYPERVISUAL");

        var listed = (await viewer.GetFromJsonAsync<FlowActivityResponse[]>("/api/flows/activities"))!;

        var activities = listed.Where(a => a.Kind == "activity").Select(a => a.Name).ToList();
        Assert.Equal(activities.Order(StringComparer.Ordinal), activities);
        Assert.Superset(new HashSet<string>
        {
            "invoice.issue", "invoice.send", "invoice.send-reminder", "invoice.record-payment", "invoice.notify-payment",
            "invoice.overdue-check", "flow.signal", "http.request", "diag.noop", "diag.record", "diag.sleep", "diag.fail",
        }, activities.ToHashSet());
        Assert.All(listed, a => Assert.False(string.IsNullOrWhiteSpace(a.Description)));

        var reminder = Assert.Single(listed, a => a.Name == "invoice.send-reminder");
        Assert.Equal(("notifications", "PT5M", 5), (reminder.Queue, reminder.DefaultTimeout, reminder.DefaultRetry!.MaxAttempts));
        Assert.Equal(new Dictionary<string, string> { ["invoiceId"] = "invoice" }, reminder.CompanyResources);
        Assert.Equal(["invoiceId", "level"], reminder.InputSchema["required"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("integer", (string)reminder.InputSchema["properties"]!["level"]!["type"]!);
        Assert.False((bool)reminder.InputSchema["additionalProperties"]!);

        var payment = Assert.Single(listed, a => a.Name == "invoice.record-payment");
        Assert.Equal(new Dictionary<string, string> { ["invoiceId"] = "invoice", ["paymentId"] = "payment" }, payment.CompanyResources);

        var http = Assert.Single(listed, a => a.Name == "http.request");
        Assert.Equal(["url"], http.InputSchema["required"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("PT2S", http.DefaultRetry!.InitialInterval);

        var trigger = Assert.Single(listed, a => a.Kind == "trigger");
        Assert.Equal("http", trigger.Name);
        Assert.Null(trigger.Queue);
        Assert.Equal(["bearer", "hmac-sha256"], trigger.InputSchema["properties"]!["auth"]!["enum"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public async Task List_NoToken_Returns401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.CreateClient().GetAsync("/api/flows/activities")).StatusCode);
    }
}
