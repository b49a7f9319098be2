using System.Text.Json.Nodes;

namespace Finance.Core.Notifications;

/// <summary>
/// What a flow step asks to tell: a topic (which template, which subscriptions), the company, the roles that should hear
/// it, and the data its template reads. <see cref="IdempotencyKey"/> (the step's) makes asking twice a no-op.
/// </summary>
public sealed record NotificationRequest(
    string IdempotencyKey,
    string Company,
    string Topic,
    IReadOnlyList<string> Roles,
    JsonObject Data,
    string? Link = null);

/// <summary>A notification as stored and shown in-app: its title and body rendered in the company's language.</summary>
public sealed record Notification(
    Guid Id,
    string Company,
    string Topic,
    IReadOnlyList<string> Roles,
    string Title,
    string Body,
    string? Link,
    JsonObject Data,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReadAt = null);

/// <summary>Someone who gets e-mail for the roles they hold in a company (null: every company), for some topics (empty: all).</summary>
public sealed record NotificationRecipient(
    Guid Id,
    string? Company,
    string Name,
    string Email,
    string Language,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Topics);

public sealed record NotificationRecipientInput(string? Company, string Name, string Email, string Language, IReadOnlyList<string> Roles,
    IReadOnlyList<string>? Topics);

/// <summary>The roles notifications address (the API's roles).</summary>
public static class NotificationRoles
{
    public const string Admin = "admin";
    public const string Accountant = "accountant";
    public const string Approver = "approver";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Accountant, Approver, Viewer];
}
