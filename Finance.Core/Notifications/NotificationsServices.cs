using Finance.Core.Notifications;
using Finance.Core.Notifications.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

public static class NotificationsServices
{
    /// <summary>
    /// The notifications domain: in-app notifications and their read state, the e-mail recipient directory, webhook
    /// endpoints with their signed deliveries, the templates per topic and language, and its migrations (0600–0699).
    /// Capabilities that notify call this (it may be called more than once); hosts call <c>AddNotifications()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddNotificationsServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddFinanceMigrations("notifications", typeof(NotificationsServices).Assembly, "Finance.Core.Notifications.Migrations.", 600, 699);
        builder.Services.TryAddSingleton<NotificationStore>();
        builder.Services.TryAddSingleton<NotificationTemplates>();
        builder.Services.TryAddSingleton<RecipientDirectory>();
        builder.Services.TryAddSingleton<WebhookEndpointStore>();
        builder.Services.TryAddSingleton<WebhookDeliveries>();
        return builder;
    }
}
