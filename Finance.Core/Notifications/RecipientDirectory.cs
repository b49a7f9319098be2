using Dapper;
using Finance.Core.Errors;
using Npgsql;

namespace Finance.Core.Notifications;

/// <summary>
/// Who gets e-mail: people with the roles they hold per company (or in every company) and the topics they want. In-app
/// notifications need no directory: they go to roles, and each person sees those of their token's roles and companies.
/// </summary>
public sealed class RecipientDirectory(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string Columns = """
        r.id AS Id, c.code AS Company, r.name AS Name, r.email AS Email, r.language::text AS Language,
        array_to_string(r.roles, ',') AS Roles, array_to_string(r.topics, ',') AS Topics
        """;

    private const string SelectList = $"""
        SELECT {Columns} FROM notification_recipients r LEFT JOIN companies c ON c.id = r.company_id
        WHERE (@companies::text[] IS NULL OR r.company_id IS NULL OR c.code = ANY(@companies))
        ORDER BY r.email, c.code NULLS FIRST
        """;

    // Those of the company (or of every company) holding one of the roles, who want the topic (no topics: all of them).
    private const string SelectFor = $"""
        SELECT {Columns} FROM notification_recipients r LEFT JOIN companies c ON c.id = r.company_id
        WHERE (r.company_id IS NULL OR c.code = @company) AND r.roles && @roles
          AND (cardinality(r.topics) = 0 OR @topic = ANY(r.topics))
        ORDER BY r.email, c.code NULLS FIRST
        """;

    private const string Upsert = """
        INSERT INTO notification_recipients (company_id, name, email, language, roles, topics, created_at)
        VALUES ((SELECT id FROM companies WHERE code = @company), @name, @email, @language, @roles, @topics, @now)
        ON CONFLICT (email, company_id) DO UPDATE SET name = EXCLUDED.name, language = EXCLUDED.language, roles = EXCLUDED.roles,
            topics = EXCLUDED.topics
        RETURNING id
        """;

    public async Task<IReadOnlyList<NotificationRecipient>> ListAsync(IReadOnlyCollection<string>? companies, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. (await connection.QueryAsync<Row>(new CommandDefinition(SelectList, new { companies = companies?.ToArray() },
            cancellationToken: cancellationToken))).Select(r => r.ToRecipient())];
    }

    /// <summary>The people who get e-mail for <paramref name="topic"/> addressed to <paramref name="roles"/> in <paramref name="company"/>, each once.</summary>
    public async Task<IReadOnlyList<NotificationRecipient>> ForAsync(string company, IReadOnlyList<string> roles, string topic,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(SelectFor, new { company, roles = roles.ToArray(), topic },
            cancellationToken: cancellationToken));
        // A person listed for the company and for every company gets one e-mail: the company's own entry wins (it sorts last).
        return [.. rows.Select(r => r.ToRecipient()).GroupBy(r => r.Email, StringComparer.OrdinalIgnoreCase).Select(g => g.Last())];
    }

    /// <summary>Adds a person, or updates the one with the same e-mail and company scope.</summary>
    public async Task<Guid> SaveAsync(NotificationRecipientInput input, CancellationToken cancellationToken)
    {
        Validate(input);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // No company means every company; a company that does not exist must not quietly become that.
        if (input.Company is not null && !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM companies WHERE code = @company)", new { company = input.Company }, cancellationToken: cancellationToken)))
        {
            throw new NotFoundException($"No company {input.Company}.", "company.not_found");
        }
        return await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(Upsert, new
        {
            company = input.Company,
            name = input.Name.Trim(),
            email = input.Email.Trim(),
            language = input.Language,
            roles = input.Roles.Distinct().ToArray(),
            topics = (input.Topics ?? []).Distinct().ToArray(),
            now = clock.GetUtcNow(),
        }, cancellationToken: cancellationToken));
    }

    /// <summary>Removes a recipient (the caller checked it may reach its company).</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM notification_recipients WHERE id = @id", new { id },
            cancellationToken: cancellationToken)) == 1;
    }

    private static void Validate(NotificationRecipientInput input)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(input.Name)) errors.Add("name", "A name is required.");
        if (string.IsNullOrWhiteSpace(input.Email) || !System.Net.Mail.MailAddress.TryCreate(input.Email.Trim(), out _)) errors.Add("email", "A valid e-mail address is required.");
        if (!NotificationTemplates.Languages.Contains(input.Language)) errors.Add("language", "The language must be fr, de, it or en.");
        if (input.Roles is not { Count: > 0 and <= 4 } || input.Roles.Any(r => !NotificationRoles.All.Contains(r)))
        {
            errors.Add("roles", $"One to four of {string.Join(", ", NotificationRoles.All)}.");
        }
        if (!NotificationTopics.AreValid(input.Topics)) errors.Add("topics", NotificationTopics.Rule);
        errors.ThrowIfAny();
    }

    private sealed record Row(Guid Id, string? Company, string Name, string Email, string Language, string Roles, string Topics)
    {
        public NotificationRecipient ToRecipient() => new(Id, Company, Name, Email, Language, Roles.Split(','),
            Topics.Length == 0 ? [] : Topics.Split(','));
    }
}
