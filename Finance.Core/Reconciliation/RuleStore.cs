using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Finance.Core.Errors;
using Finance.Core.Reconciliation.Engine;
using Npgsql;

namespace Finance.Core.Reconciliation;

/// <summary>An editable reconciliation rule: of one company (null: every company), applied in <see cref="Position"/> order.</summary>
public sealed record StoredRule(Guid Id, string? Company, string Name, int Position, RuleCondition Condition, RuleAction Action, bool Active);

public sealed record RuleInput(string? Company, string Name, int? Position, RuleCondition? Condition, RuleAction? Action);

/// <summary>The rules the reconciliation applies before matching (text, regex, amount range, counterparty → what to do).</summary>
public sealed class RuleStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string Select = """
        SELECT r.id AS Id, c.code AS Company, r.name AS Name, r.position AS Position, r.condition::text AS Condition, r.action::text AS Action,
               r.active AS Active
        FROM reconciliation_rules r LEFT JOIN companies c ON c.id = r.company_id
        WHERE @companies::text[] IS NULL OR r.company_id IS NULL OR c.code = ANY(@companies)
        ORDER BY r.position, r.created_at, r.id
        """;

    public async Task<IReadOnlyList<StoredRule>> ListAsync(IReadOnlyCollection<string>? companies, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(Guid Id, string? Company, string Name, int Position, string Condition, string Action, bool Active)>(
            new CommandDefinition(Select, new { companies = companies?.ToArray() }, cancellationToken: cancellationToken));
        return [.. rows.Select(r =>
        {
            var rule = RuleJson.ToRule(r.Name, r.Condition, r.Action);
            return new StoredRule(r.Id, r.Company, r.Name, r.Position, rule.Condition, rule.Action, r.Active);
        })];
    }

    public async Task<Guid> CreateAsync(RuleInput input, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate(input);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (input.Company is not null && !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM companies WHERE code = @company)", new { company = input.Company }, cancellationToken: cancellationToken)))
        {
            throw new NotFoundException($"No company {input.Company}.", "company.not_found");
        }
        return await connection.ExecuteScalarAsync<Guid>(new CommandDefinition("""
            INSERT INTO reconciliation_rules (company_id, name, position, condition, action, created_by, created_at)
            VALUES ((SELECT id FROM companies WHERE code = @company), @name, @position, @condition::jsonb, @action::jsonb, @by, @now)
            RETURNING id
            """, new
        {
            company = input.Company, name = input.Name.Trim(), position = input.Position!.Value,
            condition = JsonSerializer.Serialize(input.Condition, RuleJson.Options), action = JsonSerializer.Serialize(input.Action, RuleJson.Options),
            by, now = clock.GetUtcNow(),
        }, cancellationToken: cancellationToken));
    }

    /// <summary>Removes a rule (the caller checked it may reach its company).</summary>
    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM reconciliation_rules WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    private static void Validate(RuleInput input)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Length > 80) errors.Add("name", "A name of 1 to 80 characters.");
        if (input.Position is not (>= 0 and <= 10_000)) errors.Add("position", "Where the rule goes among the others: 0 to 10,000 (lower first).");
        var c = input.Condition;
        if (c is null || (c.TextContains, c.TextRegex, c.MinAmount, c.MaxAmount, c.CounterpartyContains, c.CounterpartyIban) == default)
        {
            errors.Add("condition", "At least one of textContains, textRegex, minAmount, maxAmount, counterpartyContains, counterpartyIban.");
        }
        else
        {
            if (new[] { c.TextContains, c.TextRegex, c.CounterpartyContains, c.CounterpartyIban }.Any(t => t is { Length: > 200 })) errors.Add("condition", "Texts of at most 200 characters.");
            if (c.MinAmount > c.MaxAmount) errors.Add("condition.minAmount", "minAmount must not exceed maxAmount.");
            if (c.TextRegex is { } pattern && !IsRegex(pattern)) errors.Add("condition.textRegex", "Not a valid regular expression.");
        }
        switch (input.Action)
        {
            case null:
                errors.Add("action", "An action: Ignore, BookAsBankFee, AssignToItem, AssignToCounterparty or ForceReview.");
                break;
            case { Kind: RuleActionKind.AssignToItem, ItemId: null }:
                errors.Add("action.itemId", "AssignToItem names the invoice or bill.");
                break;
            case { Kind: RuleActionKind.AssignToCounterparty, Counterparty: null or "" }:
                errors.Add("action.counterparty", "AssignToCounterparty names the counterparty.");
                break;
            case { Counterparty.Length: > 200 }:
                errors.Add("action.counterparty", "At most 200 characters.");
                break;
        }
        errors.ThrowIfAny();
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
