using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Core.Companies;
using Finance.Core.Errors;
using Finance.Core.Notifications;
using Finance.Core.Notifications.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Notifications;

/// <summary>
/// Who gets what, for admins: the e-mail recipient directory (roles per company, topics) and the webhook endpoints with
/// their delivery log. An admin limited to some companies sees and changes only theirs; group-wide entries need <c>*</c>.
/// </summary>
public static class NotificationSettingsEndpoints
{
    public static RouteGroupBuilder MapNotificationSettingsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications")
            .WithTags("Notifications")
            .RequireAuthorization(Policies.Administer)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        var recipients = group.MapGroup("/recipients").AddEndpointFilter(new EntryScopeFilter("recipient", "notification_recipients"));
        recipients.MapGet("/", ListRecipients).WithName("ListNotificationRecipients");
        recipients.MapPut("/", SaveRecipient).WithName("SaveNotificationRecipient")
            .WithSummary("Adds a recipient, or updates the one with the same e-mail and company (null: every company).");
        recipients.MapDelete("/{id:guid}", DeleteRecipient).WithName("DeleteNotificationRecipient");

        var webhooks = group.MapGroup("/webhooks").AddEndpointFilter(new EntryScopeFilter("webhook endpoint", "webhook_endpoints"));
        webhooks.MapGet("/", ListWebhooks).WithName("ListWebhookEndpoints");
        webhooks.MapPost("/", CreateWebhook).WithName("CreateWebhookEndpoint")
            .WithSummary("Creates an endpoint; the response holds its signing secret, shown this once.");
        webhooks.MapDelete("/{id:guid}", DeactivateWebhook).WithName("DeactivateWebhookEndpoint");
        webhooks.MapGet("/{id:guid}/deliveries", Deliveries).WithName("ListWebhookDeliveries")
            .WithSummary("The endpoint's delivery log, newest first, each delivery with its attempts.");
        return group;
    }

    private static async Task<Ok<NotificationRecipient[]>> ListRecipients(HttpContext http, RecipientDirectory directory, CancellationToken cancellationToken) =>
        TypedResults.Ok((await directory.ListAsync(http.Companies().Allowed, cancellationToken)).ToArray());

    private static Task<Results<Ok<RecipientSaved>, ValidationProblem, ProblemHttpResult>> SaveRecipient(NotificationRecipientInput input,
        HttpContext http, RecipientDirectory directory, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            var company = EnsureScope(http, input.Company);
            return TypedResults.Ok(new RecipientSaved(await directory.SaveAsync(input with { Company = company }, cancellationToken)));
        });

    private static async Task<NoContent> DeleteRecipient(Guid id, RecipientDirectory directory, CancellationToken cancellationToken)
    {
        await directory.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<WebhookEndpoint[]>> ListWebhooks(HttpContext http, WebhookEndpointStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(http.Companies().Allowed, cancellationToken)).ToArray());

    private static Task<Results<Created<WebhookCreated>, ValidationProblem, ProblemHttpResult>> CreateWebhook(WebhookEndpointInput input,
        HttpContext http, WebhookEndpointStore store, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            var company = EnsureScope(http, input.Company);
            var (endpoint, secret) = await store.CreateAsync(input with { Company = company }, cancellationToken);
            return TypedResults.Created($"/api/notifications/webhooks/{endpoint.Id}", new WebhookCreated(endpoint, secret));
        });

    private static async Task<NoContent> DeactivateWebhook(Guid id, WebhookEndpointStore store, CancellationToken cancellationToken)
    {
        await store.DeactivateAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<WebhookDelivery[]>, ValidationProblem>> Deliveries(Guid id, int? limit, WebhookDeliveries deliveries,
        CancellationToken cancellationToken)
    {
        if (QueryLimit.Error(limit) is { } limitError) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [limitError] });
        return TypedResults.Ok((await deliveries.LogAsync(id, limit ?? 50, cancellationToken)).ToArray());
    }

    // Group-wide entries (no company) are for admins of the whole group.
    private static string? EnsureScope(HttpContext http, string? company)
    {
        company = company?.Trim().ToUpperInvariant();
        if (http.Companies().CanSee(company)) return company;
        throw company is null
            ? new ForbiddenException("Entries for every company need a token with companies=*.")
            : new CompanyForbiddenException(company);
    }
}

public sealed record RecipientSaved(Guid Id);

public sealed record WebhookCreated(WebhookEndpoint Endpoint, string Secret);
