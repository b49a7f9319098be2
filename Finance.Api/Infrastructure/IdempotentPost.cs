using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Finance.Api.Auth;
using Finance.Core.Errors;
using Finance.Core.Idempotency;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Npgsql;

namespace Finance.Api.Infrastructure;

/// <summary>What an idempotent POST answers and keeps for its key: status, <c>Location</c> and body.</summary>
public sealed record IdempotentAnswer<T>(int Status, string? Location, T Value);

/// <summary>
/// POSTs that move money or send something take an <c>Idempotency-Key</c> header (IETF draft-ietf-httpapi-idempotency-key-header):
/// the same key and request get the first answer back with no second effect, the same key with another request a 422.
/// The key is claimed first in the transaction the effect runs in, and its answer is stored there too: all or nothing, and a
/// concurrent duplicate waits on the key's row until the first commits, then replays its answer. Keys belong to the caller
/// (<c>sub</c>) and the company of the resource, and expire after <c>Idempotency:Retention</c>.
/// </summary>
public static class IdempotentPost
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    /// <summary>Runs <paramref name="effect"/> in a transaction that also holds the key (when the request has one), or replays the key's answer.</summary>
    public static async Task<TResult> RunAsync<T, TResult>(HttpContext http, string company, object? body,
        Func<NpgsqlTransaction, Task<IdempotentAnswer<T>>> effect, Func<IdempotentAnswer<T>, TResult> toResult, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(effect);
        ArgumentNullException.ThrowIfNull(toResult);
        var services = http.RequestServices;
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var keys = services.GetRequiredService<IdempotencyKeys>();
        var request = Describe(http, company, body, json);

        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (request is not null && await keys.ClaimAsync(transaction, request, cancellationToken) is { } stored)
        {
            http.Response.Headers[ReplayedHeader] = "true";
            return toResult(new IdempotentAnswer<T>(stored.Status, stored.Location, JsonSerializer.Deserialize<T>(stored.Body, json)!));
        }
        var answer = await effect(transaction);
        if (request is not null)
        {
            await IdempotencyKeys.CompleteAsync(transaction, request, new StoredAnswer(answer.Status, answer.Location, JsonSerializer.Serialize(answer.Value, json)),
                cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return toResult(answer);
    }

    /// <summary>The request's key, scope and fingerprint; null without the header. A malformed key is a 400 naming the header.</summary>
    private static IdempotentRequest? Describe(HttpContext http, string company, object? body, JsonSerializerOptions json)
    {
        if (!http.Request.Headers.TryGetValue(Header, out var values)) return null;
        var key = values.Count == 1 ? values[0] : null;
        if (string.IsNullOrWhiteSpace(key) || key.Length > MaxKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            throw ValidationException.For(Header, $"One {Header} of 1 to {MaxKeyLength} visible ASCII characters (a UUID is a good one).");
        }
        var subject = http.User.Subject() ?? "";
        var request = $"{http.Request.Method} {http.Request.Path}\n{JsonSerializer.Serialize(body, json)}";
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(request)));
        return new IdempotentRequest($"{subject}|{company}", key, fingerprint);
    }

    /// <summary>Documents the optional <c>Idempotency-Key</c> header on the route (OpenAPI).</summary>
    public static RouteHandlerBuilder AcceptsIdempotencyKey(this RouteHandlerBuilder route) =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = Header,
                In = ParameterLocation.Header,
                Required = false,
                Description = "Makes a retry safe: the same key and request answer the first answer again with no second effect "
                    + "(header Idempotent-Replayed: true); the same key with another request answers 422. Kept 24 h, per caller and company.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = MaxKeyLength },
            });
            return Task.CompletedTask;
        })
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
