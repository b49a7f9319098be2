using Finance.Core.Notifications;
using Finance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Finance.Tests.Notifications;

/// <summary>Notifications written straight into the store (no e-mail, no webhooks), for tests about reading them.</summary>
internal static class NotificationsSeed
{
    public static async Task<Guid> InAppAsync(ApiFactory api, string company, string key, string topic = "bill.review", params string[] roles)
    {
        var services = api.Services;
        var request = new NotificationRequest(key, company, topic, roles.Length > 0 ? roles : [NotificationRoles.Approver], new() { ["number"] = key });
        var text = services.GetRequiredService<NotificationTemplates>().Render(topic, "en", company, request.Data, null);
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var (notification, _) = await services.GetRequiredService<NotificationStore>().WriteAsync(transaction, request, text, CancellationToken.None);
        await transaction.CommitAsync();
        return notification.Id;
    }
}
