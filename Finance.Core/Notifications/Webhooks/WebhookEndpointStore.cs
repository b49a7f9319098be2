using Dapper;
using Finance.Core.Errors;
using Npgsql;

namespace Finance.Core.Notifications.Webhooks;

/// <summary>An address that receives signed notifications of one company (null: every company) and some topics (empty: all).</summary>
public sealed record WebhookEndpoint(Guid Id, string? Company, string Url, IReadOnlyList<string> Topics, string? Description, bool Active,
    DateTimeOffset CreatedAt);

public sealed record WebhookEndpointInput(string? Company, string Url, IReadOnlyList<string>? Topics, string? Description);

/// <summary>Webhook endpoints. The signing secret is made here and shown once, when the endpoint is created.</summary>
public sealed class WebhookEndpointStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string Columns = """
        w.id AS Id, c.code AS Company, w.url AS Url, array_to_string(w.topics, ',') AS Topics, w.description AS Description,
        w.active AS Active, w.created_at AS CreatedAt
        """;

    private const string SelectList = $"""
        SELECT {Columns} FROM webhook_endpoints w LEFT JOIN companies c ON c.id = w.company_id
        WHERE (@companies::text[] IS NULL OR c.code = ANY(@companies)) ORDER BY w.created_at, w.id
        """;

    private const string Insert = """
        INSERT INTO webhook_endpoints (company_id, url, secret, topics, description, created_at)
        VALUES ((SELECT id FROM companies WHERE code = @company), @url, @secret, @topics, @description, @now)
        RETURNING id
        """;

    public async Task<IReadOnlyList<WebhookEndpoint>> ListAsync(IReadOnlyCollection<string>? companies, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. (await connection.QueryAsync<Row>(new CommandDefinition(SelectList, new { companies = companies?.ToArray() },
            cancellationToken: cancellationToken))).Select(r => r.ToEndpoint())];
    }

    public async Task<WebhookEndpoint?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM webhook_endpoints w LEFT JOIN companies c ON c.id = w.company_id WHERE w.id = @id", new { id },
            cancellationToken: cancellationToken)))?.ToEndpoint();
    }

    /// <summary>Creates an endpoint; returns it with its secret, which is never shown again.</summary>
    public async Task<(WebhookEndpoint Endpoint, string Secret)> CreateAsync(WebhookEndpointInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        if (!Uri.TryCreate(input.Url, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(url.UserInfo))
        {
            errors.Add("url", "An absolute http(s) URL without credentials is required.");
        }
        if (!NotificationTopics.AreValid(input.Topics)) errors.Add("topics", NotificationTopics.Rule);
        errors.ThrowIfAny();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (input.Company is not null && !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM companies WHERE code = @company)", new { company = input.Company }, cancellationToken: cancellationToken)))
        {
            throw new NotFoundException($"No company {input.Company}.", "company.not_found");
        }
        var secret = WebhookSignature.NewSecret();
        var id = await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(Insert, new
        {
            company = input.Company,
            url = url!.ToString(),
            secret,
            topics = (input.Topics ?? []).Distinct().ToArray(),
            description = input.Description,
            now = clock.GetUtcNow(),
        }, cancellationToken: cancellationToken));
        return ((await FindAsync(id, cancellationToken))!, secret);
    }

    /// <summary>Stops deliveries to an endpoint; its log stays (the caller checked it may reach its company).</summary>
    public async Task<bool> DeactivateAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("UPDATE webhook_endpoints SET active = false WHERE id = @id", new { id },
            cancellationToken: cancellationToken)) == 1;
    }

    private sealed record Row(Guid Id, string? Company, string Url, string Topics, string? Description, bool Active, DateTime CreatedAt)
    {
        public WebhookEndpoint ToEndpoint() => new(Id, Company, Url, Topics.Length == 0 ? [] : Topics.Split(','), Description, Active,
            new DateTimeOffset(CreatedAt, TimeSpan.Zero));
    }
}
