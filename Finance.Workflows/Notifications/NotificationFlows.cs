using Finance.Workflows.Builder;
using Finance.Workflows.Model;

namespace Finance.Workflows.Notifications;

/// <summary>The delivery of one webhook, retried by the engine: an edit here changes how long a receiver may be down.</summary>
public static class NotificationFlows
{
    public const string WebhookDeliveryId = "webhook.delivery";

    /// <summary>Ten attempts with doubling pauses from 30 s, at most an hour apart: a receiver may be away for about five hours.</summary>
    public static readonly RetryPolicy DeliveryRetry = new(10, TimeSpan.FromSeconds(30), 2.0, TimeSpan.FromHours(1));

    public static string DeliveryInstanceId(Guid deliveryId) => $"webhook-delivery-{deliveryId}";

    public static FlowDefinition WebhookDelivery() => Flow.Define(WebhookDeliveryId, "Deliver a webhook")
        .Description("Posts one signed notification to one webhook endpoint, retrying while the receiver does not answer 2xx.")
        .Input("deliveryId")
        .Activity("post", "webhook.post", a => a.Input("deliveryId", "input.deliveryId").Output("posted")
            .Retry(DeliveryRetry.MaxAttempts, DeliveryRetry.InitialInterval, DeliveryRetry.BackoffCoefficient, DeliveryRetry.MaximumInterval))
        .Complete("done", "vars.posted")
        .Build();
}
