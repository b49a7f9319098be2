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

/// <summary>Topic names (migration 0600's check) and how many a subscription may list.</summary>
public static partial class NotificationTopics
{
    public const int MaxPerSubscription = 50;
    public const string Rule = "Up to 50 topics, each a short lower-case name such as bill.review.";

    public static bool IsValid(string? topic) => topic is not null && Pattern().IsMatch(topic);

    public static bool AreValid(IReadOnlyList<string>? topics) => topics is null || (topics.Count <= MaxPerSubscription && topics.All(IsValid));

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z][a-z0-9_.-]{1,63}$")]
    private static partial System.Text.RegularExpressions.Regex Pattern();
}
