using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Finance.Api.Auth;
using Finance.Api.Notifications;
using Finance.Core.Notifications;
using Finance.Core.Notifications.Webhooks;
using Finance.Tests.Api.Flows;
using Finance.Tests.Infrastructure;
using Finance.Tests.Invoicing;
using Finance.Workflows.Notifications;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Finance.Tests.Notifications;

/// <summary>
/// The notifications capability end to end: in-app by role and company with read state per person, e-mail to the
/// directory's recipients in their language (maildev), signed webhooks retried by the engine with their delivery log.
/// </summary>
public sealed class NotificationApiTests(DatabaseFixture database) : MailingApiTests(database), IDisposable
{
    private const string Company = "LEXAIA";
    private readonly WireMockServer _receiver = WireMockServer.Start();

    private NotificationDispatcher Dispatcher => Api.Services.GetRequiredService<NotificationDispatcher>();

    private static NotificationRequest Review(string key, string company = Company) => new(key, company, "bill.review", [NotificationRoles.Approver],
        new JsonObject { ["supplier"] = "Papeterie Muller SA", ["number"] = "R-2026-17", ["currency"] = "CHF", ["amount"] = "1’250.40",
            ["due"] = "18.12.2026", ["reason"] = "unknown supplier" }, "/api/payables/bills/x");

    [Fact]
    public async Task Inbox_ForApprovers_ApproversAndAdminsSeeItViewersAndOtherCompaniesDoNot_ReadStateIsPerPerson()
    {
        var sent = await Dispatcher.NotifyAsync(Review("inbox-" + Guid.NewGuid()), default);

        var anna = Api.CreateClientWithToken(Roles.Approver, "anna", Company);
        var bob = Api.CreateClientWithToken(Roles.Approver, "bob", Company);
        var annaInbox = await InboxAsync(anna, "unread=true");
        var viewerInbox = await InboxAsync(Api.CreateClientWithToken(Roles.Viewer, "vera", Company), "");
        var otherCompany = await InboxAsync(Api.CreateClientWithToken(Roles.Approver, "otto", "DAINAMICS"), "");
        var adminInbox = await InboxAsync(Api.ClientWithToken(), $"company={Company}");
        var read = await anna.PostAsJsonAsync("/api/notifications/read", new MarkReadRequest([sent.NotificationId]));

        var mine = Assert.Single(annaInbox, n => n.Id == sent.NotificationId);
        Assert.Equal("La facture fournisseur R-2026-17 (Papeterie Muller SA) attend une vérification", mine.Title);
        Assert.Contains("1’250.40", mine.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(viewerInbox, n => n.Id == sent.NotificationId);
        Assert.DoesNotContain(otherCompany, n => n.Id == sent.NotificationId);
        Assert.Contains(adminInbox, n => n.Id == sent.NotificationId);
        Assert.Equal(1, (await read.Content.ReadFromJsonAsync<MarkReadResponse>())!.Marked);
        Assert.DoesNotContain(await InboxAsync(anna, "unread=true"), n => n.Id == sent.NotificationId);
        Assert.NotNull(Assert.Single(await InboxAsync(anna, ""), n => n.Id == sent.NotificationId).ReadAt);
        Assert.Contains(await InboxAsync(bob, "unread=true"), n => n.Id == sent.NotificationId);
    }

    [Fact]
    public async Task Notify_RecipientsByRoleCompanyAndTopic_EachInTheirLanguage_OnceForARetriedStep()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var admin = Api.ClientWithToken();
        string Address(string who) => $"{who}-{tag}@example.ch";
        await SaveAsync(admin, Company, "Anna", Address("anna"), "de", ["approver"], null);
        await SaveAsync(admin, null, "Max", Address("max"), "en", ["approver"], ["bill.escalation"]);
        await SaveAsync(admin, "DAINAMICS", "Otto", Address("otto"), "de", ["approver"], null);
        await SaveAsync(admin, Company, "Clara", Address("clara"), "it", ["accountant"], null);
        var key = "mail-" + tag;

        var first = await Dispatcher.NotifyAsync(Review(key), default);
        var again = await Dispatcher.NotifyAsync(Review(key), default);

        var anna = Assert.Single(await Mail.MessagesToAsync(Address("anna")));
        Assert.Equal("Lieferantenrechnung R-2026-17 (Papeterie Muller SA) muss geprüft werden", anna.GetProperty("subject").GetString());
        Assert.Empty(await Mail.MessagesToAsync(Address("max")));
        Assert.Empty(await Mail.MessagesToAsync(Address("otto")));
        Assert.Empty(await Mail.MessagesToAsync(Address("clara")));
        Assert.Equal(first.NotificationId, again.NotificationId);
        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(1, first.Emailed);
    }

    [Fact]
    public async Task Webhook_SignedOverTimestampAndBody_RetriedByTheEngineUntil2xx_EveryAttemptLogged()
    {
        _receiver.Given(Request.Create().WithPath("/hook").UsingPost()).InScenario("flaky").WillSetStateTo("down-once")
            .RespondWith(Response.Create().WithStatusCode(503));
        _receiver.Given(Request.Create().WithPath("/hook").UsingPost()).InScenario("flaky").WhenStateIs("down-once")
            .RespondWith(Response.Create().WithStatusCode(204));
        var admin = Api.ClientWithToken(Roles.Admin, Company);
        var created = await admin.PostAsJsonAsync("/api/notifications/webhooks",
            new WebhookEndpointInput(Company, $"{_receiver.Url}/hook", ["bill.review"], "ERP"));
        var endpoint = (await created.Content.ReadFromJsonAsync<WebhookCreated>())!;

        var sent = await Dispatcher.NotifyAsync(Review("hook-" + Guid.NewGuid()), default);
        await Api.DrainAsync();
        Clock.Advance(TimeSpan.FromSeconds(31));
        await Api.DrainAsync();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(1, sent.Webhooks);
        var calls = _receiver.LogEntries.Where(e => e.RequestMessage.Path == "/hook").ToList();
        Assert.Equal(2, calls.Count);
        var last = calls[^1].RequestMessage;
        var body = last.Body!;
        Assert.True(WebhookSignature.Verify(endpoint.Secret, last.Headers![WebhookSignature.TimestampHeader][0],
            last.Headers[WebhookSignature.SignatureHeader][0], body, Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(endpoint.Secret, last.Headers[WebhookSignature.TimestampHeader][0],
            last.Headers[WebhookSignature.SignatureHeader][0], body.Replace("R-2026-17", "R-2026-18", StringComparison.Ordinal), Clock.GetUtcNow(),
            TimeSpan.FromMinutes(5)));
        using var json = JsonDocument.Parse(body);
        Assert.Equal("bill.review", json.RootElement.GetProperty("topic").GetString());
        Assert.Equal(sent.NotificationId.ToString(), json.RootElement.GetProperty("notification").GetProperty("id").GetString());
        var log = Assert.Single((await admin.GetFromJsonAsync<WebhookDelivery[]>($"/api/notifications/webhooks/{endpoint.Endpoint.Id}/deliveries"))!);
        Assert.Equal("delivered", log.Status);
        Assert.Equal([503, 204], log.Log.Select(a => a.StatusCode));
    }

    [Fact]
    public async Task Webhook_OtherTopicOrCompanyOrSwitchedOff_GetsNothing()
    {
        _receiver.Given(Request.Create().WithPath("/other").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        var store = Api.Services.GetRequiredService<WebhookEndpointStore>();
        await store.CreateAsync(new(Company, $"{_receiver.Url}/other", ["bill.escalation"], null), default);
        await store.CreateAsync(new("DAINAMICS", $"{_receiver.Url}/other", null, null), default);
        var (off, _) = await store.CreateAsync(new(Company, $"{_receiver.Url}/other", null, null), default);
        await Api.ClientWithToken().DeleteAsync($"/api/notifications/webhooks/{off.Id}");

        var sent = await Dispatcher.NotifyAsync(Review("quiet-" + Guid.NewGuid()), default);
        await Api.DrainAsync();

        Assert.Equal(0, sent.Webhooks);
        Assert.DoesNotContain(_receiver.LogEntries, e => e.RequestMessage.Path == "/other");
    }

    [Fact]
    public async Task Settings_CompanyAdminCannotTouchGroupWideOrOtherCompanies_BadInputIsAProblem()
    {
        var lexaiaAdmin = Api.ClientWithToken(Roles.Admin, Company);
        var groupWide = await lexaiaAdmin.PostAsJsonAsync("/api/notifications/webhooks", new WebhookEndpointInput(null, "https://hooks.example.ch/a", null, null));
        var foreign = await lexaiaAdmin.PutAsJsonAsync("/api/notifications/recipients",
            new NotificationRecipientInput("DAINAMICS", "Otto", "otto@example.ch", "de", ["approver"], null));
        var badUrl = await lexaiaAdmin.PostAsJsonAsync("/api/notifications/webhooks", new WebhookEndpointInput(Company, "ftp://hooks.example.ch", null, null));
        var badRole = await lexaiaAdmin.PutAsJsonAsync("/api/notifications/recipients",
            new NotificationRecipientInput(Company, "Anna", "anna@example.ch", "de", ["boss"], null));
        var unknown = await Api.ClientWithToken().PutAsJsonAsync("/api/notifications/recipients",
            new NotificationRecipientInput("NOPE", "Anna", "anna@example.ch", "de", ["approver"], null));
        var viewer = await Api.ClientWithToken(Roles.Viewer).GetAsync("/api/notifications/webhooks");

        Assert.Equal(HttpStatusCode.Forbidden, groupWide.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badUrl.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal("application/problem+json", badUrl.Content.Headers.ContentType!.MediaType);
    }

    private static async Task<NotificationResponse[]> InboxAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<NotificationResponse[]>($"/api/notifications?{query}"))!;

    private static async Task SaveAsync(HttpClient admin, string? company, string name, string email, string language, string[] roles, string[]? topics)
    {
        var response = await admin.PutAsJsonAsync("/api/notifications/recipients", new NotificationRecipientInput(company, name, email, language, roles, topics));
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _receiver.Stop();
}
