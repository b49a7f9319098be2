using System.Globalization;
using System.Text.Json.Nodes;
using Finance.Core.Notifications;
using Finance.Core.Notifications.Webhooks;
using Finance.Workflows.Activities;

namespace Finance.Workflows.Notifications;

/// <summary>
/// <c>notification.send</c>: any flow tells the roles of its company something: in-app, by e-mail to the directory's
/// recipients of those roles, and to the subscribed webhooks. The topic picks the template (<c>generic</c> prints
/// <c>data.title</c> and <c>data.text</c>).
/// </summary>
public sealed class SendNotificationActivity(NotificationDispatcher dispatcher) : DomainActivity
{
    public override string Name => "notification.send";

    public override string Queue => "notifications";

    protected override string Description => "Notifies the given roles of the instance's company: in-app, e-mail and webhooks, once per step.";

    protected override ActivitySchema Input => ActivitySchema.Properties()
        .Required("topic", ActivitySchema.Text(), "What it is about, e.g. bill.review; names the template and the webhook subscriptions.")
        .Required("roles", new JsonObject { ["type"] = "array", ["items"] = ActivitySchema.Enum([.. NotificationRoles.All]) }, "Who hears it.")
        .Optional("data", ActivitySchema.AnyObject(), "What the template prints (generic: title and text).")
        .Optional("link", ActivitySchema.Text(), "Where the reader goes to act.");

    protected override JsonObject Output => ActivitySchema.Output(("notificationId", ActivitySchema.Text("uuid")),
        ("emailed", ActivitySchema.WholeNumber()), ("webhooks", ActivitySchema.WholeNumber()));

    protected override async Task<JsonNode?> RunAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var company = context.Company ?? throw new ArgumentException("notification.send needs an instance of one company.");
        var roles = context.Input["roles"] as JsonArray ?? throw new ArgumentException("roles is required.");
        var result = await dispatcher.NotifyAsync(new NotificationRequest(context.IdempotencyKey, company,
            (string?)context.Input["topic"] ?? throw new ArgumentException("topic is required."),
            [.. roles.Select(r => (string?)r ?? "")],
            context.Input["data"]?.DeepClone() as JsonObject ?? [],
            (string?)context.Input["link"]), cancellationToken);
        return new JsonObject { ["notificationId"] = result.NotificationId.ToString(), ["emailed"] = result.Emailed, ["webhooks"] = result.Webhooks };
    }
}

/// <summary><c>webhook.post</c>: one attempt at one delivery; fails (and the engine retries) until the receiver answers 2xx.</summary>
public sealed class PostWebhookActivity(WebhookPoster poster) : DomainActivity
{
    public override string Name => "webhook.post";

    public override string Queue => "notifications";

    protected override string Description => "Posts a signed webhook delivery (HMAC-SHA256 over timestamp and body) and logs the attempt.";

    protected override ActivitySchema Input => ActivitySchema.Properties()
        .Required("deliveryId", ActivitySchema.Text("uuid"), "The delivery (one notification to one endpoint).");

    protected override JsonObject Output => ActivitySchema.Output(("delivered", ActivitySchema.Boolean()), ("attempt", ActivitySchema.WholeNumber()));

    protected override async Task<JsonNode?> RunAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var deliveryId = Guid.Parse((string?)context.Input["deliveryId"] ?? throw new ArgumentException("deliveryId is required."), CultureInfo.InvariantCulture);
        var last = context.Attempt >= NotificationFlows.DeliveryRetry.MaxAttempts;
        var delivered = await poster.PostAsync(deliveryId, context.Attempt, last, cancellationToken);
        return new JsonObject { ["delivered"] = delivered, ["attempt"] = context.Attempt };
    }
}
