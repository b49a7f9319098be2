using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Finance.Core.Diagnostics;

namespace Finance.Core.Notifications.Webhooks;

/// <summary>A webhook the receiver did not take (an error status, a timeout, no connection): the flow engine retries it.</summary>
public sealed class WebhookDeliveryException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Posts one delivery's notification, signed (<see cref="WebhookSignature"/>), and logs the attempt.</summary>
public sealed class WebhookPoster(HttpClient http, WebhookDeliveries deliveries, TimeProvider clock)
{
    /// <summary>
    /// One attempt. Returns false when there is nothing to send (delivered already, endpoint switched off); throws
    /// <see cref="WebhookDeliveryException"/> when the receiver does not answer 2xx, after recording the attempt
    /// (<paramref name="last"/>: as the final failure).
    /// </summary>
    public async Task<bool> PostAsync(Guid deliveryId, int attempt, bool last, CancellationToken cancellationToken)
    {
        var target = await deliveries.TargetAsync(deliveryId, cancellationToken) ?? throw new Errors.NotFoundException("No such webhook delivery.", "webhook.not_found");
        if (target.Status != "pending" || !target.Active) return false;
        using var span = FinanceDiagnostics.Source.StartActivity("webhook.post", ActivityKind.Client);
        span?.SetTag("finance.webhook.delivery", deliveryId);
        span?.SetTag("finance.company", target.Notification.Company);
        var body = Body(target);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookSignature.IdHeader, deliveryId.ToString());
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(target.Secret, timestamp, body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Finance-Webhooks", "1"));
        var started = clock.GetTimestamp();
        int? status = null;
        string? error;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            status = (int)response.StatusCode;
            error = response.IsSuccessStatusCode ? null : $"HTTP {status} {response.ReasonPhrase}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            error = e is TaskCanceledException ? "timed out" : e.Message;
        }
        span?.SetTag("http.response.status_code", status);
        await deliveries.RecordAsync(deliveryId, attempt, status, error, clock.GetElapsedTime(started),
            error is null ? "delivered" : last ? "failed" : "pending", cancellationToken);
        if (error is not null) throw new WebhookDeliveryException($"Webhook delivery {deliveryId}, attempt {attempt}: {error}");
        return true;
    }

    /// <summary>The body receivers parse: the delivery id, the topic and the notification as the inbox shows it.</summary>
    public static string Body(WebhookTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var n = target.Notification;
        return new JsonObject
        {
            ["id"] = target.DeliveryId.ToString(),
            ["topic"] = n.Topic,
            ["company"] = n.Company,
            ["notification"] = new JsonObject
            {
                ["id"] = n.Id.ToString(),
                ["roles"] = new JsonArray([.. n.Roles.Select(r => (JsonNode)r)]),
                ["title"] = n.Title,
                ["body"] = n.Body,
                ["link"] = n.Link,
                ["data"] = n.Data.DeepClone(),
                ["createdAt"] = n.CreatedAt,
            },
        }.ToJsonString(JsonSerializerOptions.Web);
    }
}
