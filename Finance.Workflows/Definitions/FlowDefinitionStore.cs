using System.Text.Json.Nodes;
using System.Collections.Concurrent;
using Dapper;
using Finance.Workflows.Activities;
using Finance.Workflows.Engines;
using Finance.Workflows.Engines.Embedded;
using Finance.Workflows.Model;
using Finance.Workflows.Validation;
using Finance.Workflows.Versioning;
using Npgsql;

namespace Finance.Workflows.Definitions;

/// <summary>
/// Flow definitions in PostgreSQL with Elsa's lifecycle (STYLE.md 10): save draft, update draft, validate,
/// publish (validated first; the previous published version is retired in the same transaction), retire,
/// list, get, versions. The rules themselves live in <see cref="FlowVersioning"/>; this class stores them.
/// </summary>
public sealed class FlowDefinitionStore(NpgsqlDataSource dataSource, ActivityCatalog catalog, TimeProvider timeProvider) : IFlowDefinitionResolver
{
    // Published and retired versions never change, so the engine caches them for every event it applies.
    private readonly ConcurrentDictionary<(string Id, int Version), FlowDefinition> _runnable = new();

    private const string SelectVersions = """
        SELECT definition::text AS Json, status AS Status FROM flow_definitions WHERE id = @id ORDER BY version
        """;

    // Versions of one id are numbered under this lock, so two drafts saved at once get different numbers.
    private const string LockId = "SELECT pg_advisory_xact_lock(hashtext('flow_definitions:' || @id))";

    private const string InsertVersion = $"""
        INSERT INTO flow_definitions (id, version, status, definition, created_at, updated_at, published_at)
        VALUES (@id, @version, @status, @json::jsonb, @now, @now, CASE WHEN @status = '{FlowVersionStatusText.Published}' THEN @now END)
        """;

    private const string SetStatus = $"""
        UPDATE flow_definitions
        SET status = @status, updated_at = @now,
            published_at = CASE WHEN @status = '{FlowVersionStatusText.Published}' THEN @now ELSE published_at END,
            retired_at = CASE WHEN @status = '{FlowVersionStatusText.Retired}' THEN @now ELSE retired_at END
        WHERE id = @id AND version = @version
        """;

    /// <summary>Saves <paramref name="json"/> as a new draft of its id, numbered after every existing version.</summary>
    public async Task<FlowDefinitionVersion> SaveDraftAsync(string json, CancellationToken cancellationToken)
    {
        var definition = WithinLimits(FlowDefinitionJson.Parse(json));
        return await dataSource.InTransactionAsync(async tx =>
        {
            var versions = await VersionsAsync(tx, definition.Id, takeLock: true, cancellationToken);
            var draft = FlowVersioning.NewDraft(versions, definition);
            await InsertAsync(tx, draft, cancellationToken);
            return draft;
        }, cancellationToken);
    }

    /// <summary>Replaces the content of draft <paramref name="version"/>; published and retired versions are immutable.</summary>
    public async Task<FlowDefinitionVersion> UpdateDraftAsync(string id, int version, string json, CancellationToken cancellationToken)
    {
        var parsed = FlowDefinitionJson.Parse(json);
        var definition = WithinLimits(parsed with { Id = id, Version = version });
        return await dataSource.InTransactionAsync(async tx =>
        {
            var versions = await VersionsAsync(tx, id, takeLock: true, cancellationToken);
            var existing = versions.SingleOrDefault(v => v.Version == version)
                ?? throw new FlowNotFoundException($"Flow '{id}' has no version {version}.");
            if (!string.IsNullOrEmpty(parsed.Id) && !string.Equals(parsed.Id, id, StringComparison.Ordinal))
            {
                throw new FlowDefinitionInvalidException([new("id", "The body names another flow than the URL; a draft cannot change its id.")]);
            }
            if (existing.Status != FlowVersionStatus.Draft)
            {
                throw new FlowDefinitionInvalidException([new("version", $"Version {version} is {existing.Status}; only drafts can change.")]);
            }

            await tx.Connection.ExecuteAsync(new CommandDefinition(
                "UPDATE flow_definitions SET definition = @json::jsonb, updated_at = @now WHERE id = @id AND version = @version",
                new { id, version, json = FlowJson.Serialize(definition), now = timeProvider.GetUtcNow() }, tx.Transaction, cancellationToken: cancellationToken));
            return new FlowDefinitionVersion(definition, FlowVersionStatus.Draft);
        }, cancellationToken);
    }

    /// <summary>Validates against the activity catalog and every stored flow id; empty means publishable.</summary>
    public async Task<IReadOnlyList<FlowValidationError>> ValidateAsync(FlowDefinition definition, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var ids = await KnownFlowIdsAsync(connection, null, cancellationToken);
        ids.Add(definition.Id);
        return FlowValidator.Validate(definition, catalog.Descriptors, ids);
    }

    /// <summary>Publishes draft <paramref name="version"/> after validation; the previous published version is retired.</summary>
    /// <exception cref="FlowDefinitionInvalidException">Validation failed, or the version is not a draft; nothing changed.</exception>
    public async Task<FlowDefinitionVersion> PublishAsync(string id, int version, CancellationToken cancellationToken) =>
        await dataSource.InTransactionAsync(async tx =>
        {
            var versions = await VersionsAsync(tx, id, takeLock: true, cancellationToken);
            if (versions.Count == 0)
            {
                throw new FlowNotFoundException($"No flow '{id}'.");
            }

            var ids = await KnownFlowIdsAsync(tx.Connection, tx.Transaction, cancellationToken);
            var result = FlowVersioning.Publish(versions, version, d => FlowValidator.Validate(d, catalog.Descriptors, ids));
            if (result.Succeeded && versions.Single(v => v.Version == version).Definition.Trigger is { } trigger
                && await TriggerOwnerAsync(tx, trigger.Slug, cancellationToken) is { } owner && owner != id)
            {
                throw new FlowDefinitionInvalidException([new("trigger.slug", $"The published flow '{owner}' already answers /api/hooks/{trigger.Slug}.")]);
            }
            if (!result.Succeeded)
            {
                throw new FlowDefinitionInvalidException(result.Errors);
            }

            // Retire first: the partial unique index allows one published row per id at any moment.
            foreach (var changed in result.Changed.OrderBy(v => v.Status == FlowVersionStatus.Published))
            {
                await SetStatusAsync(tx, changed, cancellationToken);
            }

            return result.Changed.Single(v => v.Status == FlowVersionStatus.Published);
        }, cancellationToken);

    /// <summary>Retires the published <paramref name="version"/>: running instances go on, new ones cannot start on it.</summary>
    public async Task RetireAsync(string id, int version, CancellationToken cancellationToken) =>
        await dataSource.InTransactionAsync(async tx =>
        {
            var versions = await VersionsAsync(tx, id, takeLock: true, cancellationToken);
            var existing = versions.SingleOrDefault(v => v.Version == version)
                ?? throw new FlowNotFoundException($"Flow '{id}' has no version {version}.");
            await SetStatusAsync(tx, FlowVersioning.Retire(existing), cancellationToken);
            return 0;
        }, cancellationToken);

    public async Task<IReadOnlyList<FlowDefinitionSummary>> ListAsync(CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT DISTINCT ON (id) id AS Id, definition->>'name' AS Name,
                   max(version) OVER (PARTITION BY id) AS LatestVersion,
                   max(version) FILTER (WHERE status = '{FlowVersionStatusText.Published}') OVER (PARTITION BY id) AS PublishedVersion
            FROM flow_definitions ORDER BY id, version DESC
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<FlowDefinitionSummary>(new CommandDefinition(sql, cancellationToken: cancellationToken))];
    }

    /// <summary>Every version of <paramref name="id"/>, oldest first (empty when unknown).</summary>
    public async Task<IReadOnlyList<FlowDefinitionVersion>> GetVersionsAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        return await VersionsAsync(new FlowTx(connection, transaction), id, takeLock: false, cancellationToken);
    }

    /// <summary>One version, or the published one when <paramref name="version"/> is null; null when there is none.</summary>
    public async Task<FlowDefinitionVersion?> GetAsync(string id, int? version, CancellationToken cancellationToken)
    {
        var versions = await GetVersionsAsync(id, cancellationToken);
        return version is { } v ? versions.SingleOrDefault(x => x.Version == v) : FlowVersioning.ForNewInstances(versions);
    }

    /// <summary>
    /// The definition the Temporal engine pins into a new FlowWorkflow: definitions live here for both engines, and both
    /// resolve a start the same way (<see cref="ResolveForStartAsync"/>: the published version, or a pinned non-draft one).
    /// </summary>
    public Task<FlowDefinition> ResolveAsync(string flowId, int? version, CancellationToken cancellationToken) =>
        dataSource.InTransactionAsync(tx => ResolveForStartAsync(tx, flowId, version, cancellationToken), cancellationToken);

    /// <summary>
    /// Makes each built-in flow (C# builder output, registered in DI) the published version of its id when it is new or its
    /// code changed: inserted as a new published version unless some stored version equals it (the version number in code
    /// is ignored).
    /// </summary>
    public async Task EnsureBuiltInAsync(IEnumerable<FlowDefinition> builtIn, CancellationToken cancellationToken)
    {
        foreach (var definition in builtIn)
        {
            await dataSource.InTransactionAsync(async tx =>
            {
                var versions = await VersionsAsync(tx, definition.Id, takeLock: true, cancellationToken);
                var published = FlowVersioning.ForNewInstances(versions);
                // Any version equal to the code means the code has not changed since it was last inserted: leave it, so an
                // admin's later edit (a newer published version) survives restarts. A changed built-in is published anew.
                // Compared as JSON trees, not text: jsonb reorders object keys (an activity's inputs come back sorted).
                var code = JsonNode.Parse(FlowJson.Serialize(definition with { Version = 0 }));
                if (versions.Any(v => JsonNode.DeepEquals(JsonNode.Parse(FlowJson.Serialize(v.Definition with { Version = 0 })), code)))
                {
                    return 0;
                }

                // The code's version is a floor: a built-in changed as "version N+1" (its golden histories are per version,
                // tests/Finance.Tests/Workflows/Golden) is published as N+1 on a fresh database too, never under an older number.
                var next = definition with { Version = Math.Max(definition.Version, FlowVersioning.NextVersionNumber(versions)) };
                var errors = FlowValidator.Validate(next, catalog.Descriptors, null);
                if (errors.Count > 0)
                {
                    throw new FlowDefinitionInvalidException(errors);
                }

                if (published is not null)
                {
                    await SetStatusAsync(tx, FlowVersioning.Retire(published), cancellationToken);
                }

                await InsertAsync(tx, new FlowDefinitionVersion(next, FlowVersionStatus.Published), cancellationToken);
                return 0;
            }, cancellationToken);
        }
    }

    /// <summary>The published definition whose HTTP trigger has <paramref name="slug"/>; null when none has.</summary>
    public async Task<FlowDefinition?> FindByTriggerAsync(string slug, CancellationToken cancellationToken) =>
        await dataSource.InTransactionAsync(async tx => await TriggerOwnerAsync(tx, slug, cancellationToken) is { } id
            ? await ResolveForStartAsync(tx, id, null, cancellationToken)
            : null, cancellationToken);

    // No index: published rows are few (one per flow id) and a hook call reads one; the publish check runs under the id's lock.
    private static Task<string?> TriggerOwnerAsync(FlowTx tx, string slug, CancellationToken cancellationToken) =>
        tx.Connection.QueryFirstOrDefaultAsync<string?>(new CommandDefinition(
            $"SELECT id FROM flow_definitions WHERE status = '{FlowVersionStatusText.Published}' AND definition->'trigger'->>'slug' = @slug ORDER BY id",
            new { slug }, tx.Transaction, cancellationToken: cancellationToken));

    /// <summary>The definition an existing instance runs (any status but draft is immutable and cached).</summary>
    internal async Task<FlowDefinition> GetForRunAsync(FlowTx tx, string id, int version, CancellationToken cancellationToken)
    {
        if (_runnable.TryGetValue((id, version), out var cached))
        {
            return cached;
        }

        var row = await tx.Connection.QuerySingleAsync<(string Json, string Status)>(new CommandDefinition(
            "SELECT definition::text, status FROM flow_definitions WHERE id = @id AND version = @version",
            new { id, version }, tx.Transaction, cancellationToken: cancellationToken));
        var definition = FlowJson.Deserialize(row.Json);
        if (row.Status != FlowVersionStatusText.Draft)
        {
            _runnable[(id, version)] = definition;
        }

        return definition;
    }

    /// <summary>The version a new instance starts on: the pinned one (if not a draft) or the published one.</summary>
    internal async Task<FlowDefinition> ResolveForStartAsync(FlowTx tx, string id, int? version, CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT version FROM flow_definitions
            WHERE id = @id AND (CASE WHEN @version::int IS NULL THEN status = '{FlowVersionStatusText.Published}' ELSE version = @version AND status <> '{FlowVersionStatusText.Draft}' END)
            """;
        var found = await tx.Connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(sql, new { id, version }, tx.Transaction, cancellationToken: cancellationToken));
        return found is { } v
            ? await GetForRunAsync(tx, id, v, cancellationToken)
            : throw new FlowNotFoundException(version is null ? $"Flow '{id}' has no published version." : $"Flow '{id}' has no runnable version {version}.");
    }

    /// <summary>A draft may be unfinished, but never beyond <see cref="FlowLimits"/>: what is stored can be addressed and indexed.</summary>
    private static FlowDefinition WithinLimits(FlowDefinition definition) =>
        FlowLimits.Check(definition) is { Count: > 0 } errors ? throw new FlowDefinitionInvalidException(errors) : definition;

    private static async Task<List<FlowDefinitionVersion>> VersionsAsync(FlowTx tx, string id, bool takeLock, CancellationToken cancellationToken)
    {
        if (takeLock)
        {
            await tx.Connection.ExecuteAsync(new CommandDefinition(LockId, new { id }, tx.Transaction, cancellationToken: cancellationToken));
        }

        var rows = await tx.Connection.QueryAsync<(string Json, string Status)>(new CommandDefinition(SelectVersions, new { id }, tx.Transaction, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new FlowDefinitionVersion(FlowJson.Deserialize(r.Json), FlowVersionStatusText.Parse(r.Status)))];
    }

    private static async Task<HashSet<string>> KnownFlowIdsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<string>(new CommandDefinition("SELECT DISTINCT id FROM flow_definitions", transaction: transaction, cancellationToken: cancellationToken))];

    private async Task InsertAsync(FlowTx tx, FlowDefinitionVersion version, CancellationToken cancellationToken) =>
        await tx.Connection.ExecuteAsync(new CommandDefinition(InsertVersion, new
        {
            id = version.DefinitionId,
            version = version.Version,
            status = version.Status.Text(),
            json = FlowJson.Serialize(version.Definition),
            now = timeProvider.GetUtcNow(),
        }, tx.Transaction, cancellationToken: cancellationToken));

    private async Task SetStatusAsync(FlowTx tx, FlowDefinitionVersion version, CancellationToken cancellationToken) =>
        await tx.Connection.ExecuteAsync(new CommandDefinition(SetStatus, new
        {
            id = version.DefinitionId,
            version = version.Version,
            status = version.Status.Text(),
            now = timeProvider.GetUtcNow(),
        }, tx.Transaction, cancellationToken: cancellationToken));

}
