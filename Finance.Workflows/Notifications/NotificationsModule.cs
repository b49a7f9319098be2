using Finance.Core.Notifications.Webhooks;
using Finance.Workflows.Activities;
using Finance.Workflows.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class NotificationsModule
{
    /// <summary>
    /// The notifications capability every flow calls (<c>notification.send</c>, queue <c>notifications</c>): its domain
    /// (<c>AddNotificationsServices()</c>), the dispatcher, the webhook delivery flow. Capabilities that notify call it too;
    /// calling it twice adds nothing twice. The API maps its routes with <c>MapNotifications()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.AddNotificationsServices();
        if (builder.Services.Any(d => d.ServiceType == typeof(NotificationDispatcher))) return builder;
        builder.Services.AddSingleton<NotificationDispatcher>();
        builder.Services.AddSingleton<IFlowActivity, SendNotificationActivity>();
        builder.Services.AddSingleton<IFlowActivity, PostWebhookActivity>();
        builder.Services.AddSingleton(NotificationFlows.WebhookDelivery());
        builder.Services.AddSingleton<Finance.Core.Demo.IDemoSeeder, NotificationsDemoData>();
        // Every attempt is one try the delivery log shows: the flow engine retries (with its backoff), not a handler
        // hidden in the client; receivers are the admins' addresses, so no redirects and no cookies either.
#pragma warning disable EXTEXP0001 // experimental since 9.0 but the only way to undo ConfigureHttpClientDefaults for one client
        builder.Services.AddHttpClient<WebhookPoster>(client => client.Timeout = TimeSpan.FromSeconds(15))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return builder;
    }
}
