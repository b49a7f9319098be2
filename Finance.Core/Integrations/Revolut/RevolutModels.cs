using System.Text.Json;
using System.Text.Json.Serialization;

namespace Finance.Core.Integrations.Revolut;

/// <summary>An account as <c>GET /accounts</c> returns it (OpenAPI schema <c>Account</c>).</summary>
public sealed record RevolutAccount(
    string Id, string? Name, decimal Balance, string Currency, string State, bool Public, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// A transaction (OpenAPI schema <c>Transaction</c>), times in UTC. Amounts are read from the JSON text straight into
/// <see cref="decimal"/>: the spec says <c>format: double</c>, but a double would round cents.
/// </summary>
public sealed record RevolutTransaction(
    string Id,
    string Type,
    string State,
    string? RequestId,
    string? Reference,
    DateTimeOffset CreatedAt,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<RevolutLeg> Legs,
    RevolutMerchant? Merchant);

/// <summary>One leg: the movement on one of our accounts (OpenAPI schema <c>TransactionLeg</c>).</summary>
public sealed record RevolutLeg(
    string LegId,
    string AccountId,
    decimal Amount,
    string Currency,
    decimal? Fee,
    decimal? Balance,
    decimal? BillAmount,
    string? BillCurrency,
    string? Description,
    RevolutCounterparty? Counterparty);

/// <summary>OpenAPI schema <c>TransactionCounterparty</c>; <see cref="AccountType"/> is <c>self</c>, <c>revolut</c> or <c>external</c>.</summary>
public sealed record RevolutCounterparty(string? Id, string? AccountId, string AccountType);

public sealed record RevolutMerchant(string? Name, string? City, string? CategoryCode, string? Country);

internal sealed record RevolutTokenResponse(string AccessToken, string TokenType, int ExpiresIn);

internal static class RevolutJson
{
    /// <summary>The API's field names are snake_case (OpenAPI schemas); unknown fields are ignored, as new ones appear.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
