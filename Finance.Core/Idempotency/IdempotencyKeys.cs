using Dapper;
using Finance.Core.Errors;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Finance.Core.Idempotency;

/// <summary>What a request with an <c>Idempotency-Key</c> header is: who sent it (scope), the key, and what it asked (fingerprint).</summary>
public sealed record IdempotentRequest(string Scope, string Key, string Fingerprint);

/// <summary>The first answer to a key: status, <c>Location</c> and JSON body, replayed as they were.</summary>
public sealed record StoredAnswer(int Status, string? Location, string Body);

/// <summary>
/// The first answer per idempotency key (migration 0023). <see cref="ClaimAsync"/> and <see cref="CompleteAsync"/> run in
/// the transaction of the effect, so the key, the effect and the answer commit together or not at all: a failed request
/// leaves no key behind, and a retry runs it again.
/// </summary>
public sealed class IdempotencyKeys(IOptions<IdempotencyOptions> options, TimeProvider clock)
{
    // An expired key is taken over in place; a live one is left alone (no row returned). A concurrent insert of the same key
    // waits here for the other transaction, then sees its row (commit) or inserts (rollback).
    private const string Claim = """
        INSERT INTO idempotency_keys (scope, key, fingerprint, created_at, expires_at)
        VALUES (@scope, @key, @fingerprint, @now, @expiresAt)
        ON CONFLICT (scope, key) DO UPDATE
            SET fingerprint = excluded.fingerprint, status = NULL, location = NULL, body = NULL,
                created_at = excluded.created_at, expires_at = excluded.expires_at
            WHERE idempotency_keys.expires_at <= @now
        RETURNING 1
        """;

    private const string Existing = "SELECT fingerprint, status, location, body FROM idempotency_keys WHERE scope = @scope AND key = @key";

    private const string Complete = "UPDATE idempotency_keys SET status = @status, location = @location, body = @body WHERE scope = @scope AND key = @key";

    private const string Purge = """
        DELETE FROM idempotency_keys WHERE ctid = ANY(ARRAY(SELECT ctid FROM idempotency_keys WHERE expires_at <= @now LIMIT @limit))
        """;

    /// <summary>
    /// Takes the key for this request (null: go on and do the effect) or returns the answer it already has. The same key
    /// with another request is an <see cref="UnprocessableException"/> (422).
    /// </summary>
    public async Task<StoredAnswer?> ClaimAsync(NpgsqlTransaction transaction, IdempotentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(request);
        var now = clock.GetUtcNow();
        var parameters = new { request.Scope, request.Key, request.Fingerprint, now, expiresAt = now + options.Value.Retention };
        var claimed = await transaction.Connection!.ExecuteScalarAsync<int?>(new CommandDefinition(Claim, parameters, transaction, cancellationToken: cancellationToken));
        if (claimed is not null) return null;

        var row = await transaction.Connection!.QuerySingleAsync<(string Fingerprint, short? Status, string? Location, string? Body)>(
            new CommandDefinition(Existing, parameters, transaction, cancellationToken: cancellationToken));
        if (row.Fingerprint != request.Fingerprint)
        {
            throw new UnprocessableException(
                $"Idempotency-Key '{request.Key}' was already used for another request; use a new key for a new request.", "idempotency.key_reused");
        }
        // The row is only ever committed with its answer (claim and completion share the effect's transaction).
        return new StoredAnswer(row.Status!.Value, row.Location, row.Body!);
    }

    public static async Task CompleteAsync(NpgsqlTransaction transaction, IdempotentRequest request, StoredAnswer answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(answer);
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(Complete,
            new { request.Scope, request.Key, status = (short)answer.Status, answer.Location, answer.Body }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Deletes up to <paramref name="limit"/> expired keys; returns how many.</summary>
    public async Task<int> PurgeExpiredAsync(NpgsqlDataSource dataSource, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(Purge, new { now = clock.GetUtcNow(), limit }, cancellationToken: cancellationToken));
    }
}
