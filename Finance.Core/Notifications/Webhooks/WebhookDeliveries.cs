using Dapper;
using Npgsql;

namespace Finance.Core.Notifications.Webhooks;

public sealed record WebhookAttempt(int Attempt, int? StatusCode, string? Error, int DurationMs, DateTimeOffset At);

public sealed record WebhookDelivery(Guid Id, Guid EndpointId, Guid NotificationId, string Topic, string Status, int Attempts, int? LastStatus,
    string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt, IReadOnlyList<WebhookAttempt> Log);

/// <summary>What one delivery sends: where, with which secret, and the notification it carries.</summary>
public sealed record WebhookTarget(Guid DeliveryId, string Url, string Secret, bool Active, string Status, Notification Notification);

/// <summary>The delivery log: one delivery per notification and endpoint, every attempt recorded with its answer.</summary>
public sealed class WebhookDeliveries(NpgsqlDataSource dataSource, NotificationStore notifications, TimeProvider clock)
{
    // The active endpoints of the notification's company (or of every company) that want its topic.
    private const string InsertFor = """
        INSERT INTO webhook_deliveries (id, endpoint_id, notification_id, created_at)
        SELECT gen_random_uuid(), w.id, n.id, @now
        FROM notifications n JOIN webhook_endpoints w ON w.active AND (w.company_id IS NULL OR w.company_id = n.company_id)
             AND (cardinality(w.topics) = 0 OR n.topic = ANY(w.topics))
        WHERE n.id = @notificationId
        ON CONFLICT (endpoint_id, notification_id) DO NOTHING
        RETURNING id
        """;

    private const string SelectTarget = """
        SELECT d.id AS DeliveryId, w.url AS Url, w.secret AS Secret, w.active AS Active, d.status AS Status, d.notification_id AS NotificationId
        FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id WHERE d.id = @id
        """;

    private const string Record = """
        WITH a AS (
            INSERT INTO webhook_attempts (delivery_id, attempt, status_code, error, duration_ms, at)
            VALUES (@id, @attempt, @statusCode, @error, @durationMs, @now))
        UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = @statusCode, last_error = @error,
            status = @status, delivered_at = CASE WHEN @status = 'delivered' THEN @now END
        WHERE id = @id AND status = 'pending'
        """;

    private const string SelectLog = """
        SELECT d.id AS Id, d.endpoint_id AS EndpointId, d.notification_id AS NotificationId, n.topic AS Topic, d.status AS Status,
               d.attempts AS Attempts, d.last_status AS LastStatus, d.last_error AS LastError, d.created_at AS CreatedAt, d.delivered_at AS DeliveredAt
        FROM webhook_deliveries d JOIN notifications n ON n.id = d.notification_id
        WHERE d.endpoint_id = @endpointId ORDER BY d.created_at DESC, d.id LIMIT @limit
        """;

    private const string SelectAttempts = """
        SELECT delivery_id AS DeliveryId, attempt AS Attempt, status_code AS StatusCode, error AS Error, duration_ms AS DurationMs, at AS At
        FROM webhook_attempts WHERE delivery_id = ANY(@ids) ORDER BY delivery_id, attempt, id
        """;

    /// <summary>In the notification's transaction: a pending delivery per subscribed endpoint; returns their ids.</summary>
    public static async Task<IReadOnlyList<Guid>> CreateAsync(NpgsqlTransaction transaction, Guid notificationId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return [.. await transaction.Connection!.QueryAsync<Guid>(new CommandDefinition(InsertFor, new { notificationId, now }, transaction,
            cancellationToken: cancellationToken))];
    }

    public async Task<WebhookTarget?> TargetAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TargetRow>(new CommandDefinition(SelectTarget, new { id = deliveryId },
            cancellationToken: cancellationToken));
        if (row is null) return null;
        var notification = await notifications.FindAsync(row.NotificationId, cancellationToken);
        return notification is null ? null : new WebhookTarget(row.DeliveryId, row.Url, row.Secret, row.Active, row.Status, notification);
    }

    /// <summary>Records one attempt; <paramref name="status"/> is <c>delivered</c>, <c>failed</c> (the last attempt) or <c>pending</c>.</summary>
    public async Task RecordAsync(Guid deliveryId, int attempt, int? statusCode, string? error, TimeSpan duration, string status,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Record, new
        {
            id = deliveryId,
            attempt,
            statusCode,
            error = error is { Length: > 500 } ? error[..500] : error,
            durationMs = (int)Math.Min(int.MaxValue, duration.TotalMilliseconds),
            status,
            now = clock.GetUtcNow(),
        }, cancellationToken: cancellationToken));
    }

    /// <summary>An endpoint's deliveries, newest first, each with its attempts.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> LogAsync(Guid endpointId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var deliveries = (await connection.QueryAsync<DeliveryRow>(new CommandDefinition(SelectLog, new { endpointId, limit },
            cancellationToken: cancellationToken))).ToList();
        var attempts = (await connection.QueryAsync<AttemptRow>(new CommandDefinition(SelectAttempts, new { ids = deliveries.Select(d => d.Id).ToArray() },
            cancellationToken: cancellationToken))).ToLookup(a => a.DeliveryId);
        return [.. deliveries.Select(d => new WebhookDelivery(d.Id, d.EndpointId, d.NotificationId, d.Topic, d.Status, d.Attempts, d.LastStatus,
            d.LastError, Utc(d.CreatedAt), d.DeliveredAt is { } at ? Utc(at) : null,
            [.. attempts[d.Id].Select(a => new WebhookAttempt(a.Attempt, a.StatusCode, a.Error, a.DurationMs, Utc(a.At)))]))];
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed record TargetRow(Guid DeliveryId, string Url, string Secret, bool Active, string Status, Guid NotificationId);

    private sealed record DeliveryRow(Guid Id, Guid EndpointId, Guid NotificationId, string Topic, string Status, int Attempts, int? LastStatus,
        string? LastError, DateTime CreatedAt, DateTime? DeliveredAt);

    private sealed record AttemptRow(Guid DeliveryId, int Attempt, int? StatusCode, string? Error, int DurationMs, DateTime At);
}
