using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Core.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Notifications;

/// <summary>
/// The in-app inbox: notifications of the caller's companies addressed to one of its roles (admins see all), with the
/// caller's own read state. New ones also arrive live on <c>/api/events</c> as <c>notification.created</c>.
/// </summary>
public static class NotificationEndpoints
{
    public static RouteGroupBuilder MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications")
            .WithTags("Notifications")
            .RequireAuthorization(Policies.Read)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/", Inbox).WithName("ListNotifications")
            .WithSummary("The caller's notifications, newest first; unread=true for the unread ones; page with before.");
        group.MapPost("/read", MarkRead).WithName("MarkNotificationsRead")
            .WithSummary("Marks notifications read for the caller; ids it cannot see are ignored.");
        return group;
    }

    private static async Task<Results<Ok<NotificationResponse[]>, ValidationProblem, ProblemHttpResult>> Inbox(string? company, bool? unread,
        string? topic, DateTimeOffset? before, int? limit, HttpContext http, NotificationStore store, CancellationToken cancellationToken)
    {
        if (QueryLimit.Error(limit) is { } limitError) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [limitError] });
        company = company?.Trim().ToUpperInvariant();
        if (!http.Companies().TryFilter(company, out var companies)) return Problems.CompanyForbidden(company!);
        var list = await store.InboxAsync(new InboxQuery(companies, http.User.FinanceRoles(), http.User.Subject() ?? "", unread ?? false, topic,
            before, limit ?? 50), cancellationToken);
        return TypedResults.Ok(list.Select(NotificationResponse.From).ToArray());
    }

    private static async Task<Results<Ok<MarkReadResponse>, ValidationProblem>> MarkRead(MarkReadRequest request, HttpContext http,
        NotificationStore store, CancellationToken cancellationToken)
    {
        if (request.Ids is not { Count: > 0 and <= 500 })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["ids"] = ["Between 1 and 500 notification ids."] });
        }
        var marked = await store.MarkReadAsync(request.Ids, http.User.Subject() ?? "", http.Companies().Allowed, http.User.FinanceRoles(),
            cancellationToken);
        return TypedResults.Ok(new MarkReadResponse(marked));
    }
}

public sealed record MarkReadRequest(IReadOnlyList<Guid>? Ids);

public sealed record MarkReadResponse(int Marked);

public sealed record NotificationResponse(Guid Id, string Company, string Topic, IReadOnlyList<string> Roles, string Title, string Body,
    string? Link, System.Text.Json.Nodes.JsonObject Data, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt)
{
    public static NotificationResponse From(Notification n) => new(n.Id, n.Company, n.Topic, n.Roles, n.Title, n.Body, n.Link, n.Data,
        n.CreatedAt, n.ReadAt);
}
