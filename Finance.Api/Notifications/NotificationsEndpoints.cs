namespace Finance.Api.Notifications;

public static class NotificationsEndpoints
{
    /// <summary>The notifications capability's routes: the in-app inbox for everyone, recipients and webhooks for admins.</summary>
    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        app.MapNotificationEndpoints();
        app.MapNotificationSettingsEndpoints();
        return app;
    }
}
