using System.Text.Json.Nodes;
using Dapper;
using Npgsql;

namespace Finance.Core.Notifications;

/// <summary>In-app notifications: written once per idempotency key, read by the roles they name in their company.</summary>
public sealed class NotificationStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string Insert = """
        INSERT INTO notifications (id, idempotency_key, company_id, topic, roles, title, body, link, data, created_at)
        SELECT @id, @key, c.id, @topic, @roles, @title, @body, @link, @data::jsonb, @now FROM companies c WHERE c.code = @company
        ON CONFLICT (idempotency_key) DO NOTHING
        """;

    private const string Columns = """
        n.id AS Id, c.code AS Company, n.topic AS Topic, array_to_string(n.roles, ',') AS Roles, n.title AS Title, n.body AS Body,
        n.link AS Link, n.data::text AS Data, n.created_at AS CreatedAt
        """;

    private const string SelectByKey = $"SELECT {Columns}, NULL::timestamptz AS ReadAt FROM notifications n JOIN companies c ON c.id = n.company_id WHERE n.idempotency_key = @key";

    // The caller's inbox: notifications of its companies addressed to one of its roles (admins see every role's).
    private const string SelectInbox = $"""
        SELECT {Columns}, r.read_at AS ReadAt
        FROM notifications n JOIN companies c ON c.id = n.company_id
        LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.subject = @subject
        WHERE (@companies::text[] IS NULL OR c.code = ANY(@companies))
          AND (@admin OR n.roles && @roles)
          AND (NOT @unread OR r.read_at IS NULL)
          AND (@topic::text IS NULL OR n.topic = @topic)
          AND (@before::timestamptz IS NULL OR n.created_at < @before)
        ORDER BY n.created_at DESC, n.id
        LIMIT @limit
        """;

    private const string MarkRead = """
        INSERT INTO notification_reads (notification_id, subject, read_at)
        SELECT n.id, @subject, @now FROM notifications n JOIN companies c ON c.id = n.company_id
        WHERE n.id = ANY(@ids) AND (@companies::text[] IS NULL OR c.code = ANY(@companies)) AND (@admin OR n.roles && @roles)
        ON CONFLICT DO NOTHING
        """;

    /// <summary>
    /// Writes the notification in the caller's transaction; the same key written before returns the first one and
    /// <c>Created = false</c> (a retried step notifies once).
    /// </summary>
    public async Task<(Notification Notification, bool Created)> WriteAsync(NpgsqlTransaction transaction, NotificationRequest request,
        RenderedNotification text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(text);
        var connection = transaction.Connection!;
        var inserted = await connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            id = Guid.CreateVersion7(clock.GetUtcNow()),
            key = request.IdempotencyKey,
            company = request.Company,
            topic = request.Topic,
            roles = request.Roles.ToArray(),
            title = text.Title,
            body = text.Body,
            link = request.Link,
            data = request.Data.ToJsonString(),
            now = clock.GetUtcNow(),
        }, transaction, cancellationToken: cancellationToken));
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(SelectByKey, new { key = request.IdempotencyKey },
            transaction, cancellationToken: cancellationToken)) ?? throw new Errors.NotFoundException($"No company {request.Company}.", "company.not_found");
        return (row.ToNotification(), inserted == 1);
    }

    public async Task<Notification?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns}, NULL::timestamptz AS ReadAt FROM notifications n JOIN companies c ON c.id = n.company_id WHERE n.id = @id",
            new { id }, cancellationToken: cancellationToken)))?.ToNotification();
    }

    public async Task<IReadOnlyList<Notification>> InboxAsync(InboxQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(SelectInbox, new
        {
            companies = query.Companies?.ToArray(),
            admin = query.Roles.Contains(NotificationRoles.Admin),
            roles = query.Roles.ToArray(),
            subject = query.Subject,
            unread = query.UnreadOnly,
            topic = query.Topic,
            before = query.Before,
            limit = query.Limit,
        }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToNotification())];
    }

    /// <summary>Marks notifications read for one person; ids outside the caller's companies or roles are ignored. Returns how many were newly marked.</summary>
    public async Task<int> MarkReadAsync(IReadOnlyCollection<Guid> ids, string subject, IReadOnlyCollection<string>? companies,
        IReadOnlyCollection<string> roles, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(MarkRead, new
        {
            ids = ids.ToArray(),
            subject,
            companies = companies?.ToArray(),
            admin = roles.Contains(NotificationRoles.Admin),
            roles = roles.ToArray(),
            now = clock.GetUtcNow(),
        }, cancellationToken: cancellationToken));
    }

    private sealed record Row(Guid Id, string Company, string Topic, string Roles, string Title, string Body, string? Link, string Data,
        DateTime CreatedAt, DateTime? ReadAt)
    {
        public Notification ToNotification() => new(Id, Company, Topic, Roles.Split(','), Title, Body, Link,
            JsonNode.Parse(Data) as JsonObject ?? [], new DateTimeOffset(CreatedAt, TimeSpan.Zero),
            ReadAt is { } r ? new DateTimeOffset(r, TimeSpan.Zero) : null);
    }
}

/// <summary>One person's inbox: their companies (null: all), roles and subject; newest first, paged by <see cref="Before"/>.</summary>
public sealed record InboxQuery(IReadOnlyCollection<string>? Companies, IReadOnlyCollection<string> Roles, string Subject, bool UnreadOnly,
    string? Topic, DateTimeOffset? Before, int Limit);
