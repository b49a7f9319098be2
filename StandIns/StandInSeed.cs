using System.Text.Json;
using System.Text.Json.Nodes;

namespace Finance.StandIns;

/// <summary>
/// Seed data for the stand-ins, read from the JSON file named by <c>FINANCE_STANDIN_SEED</c> (shape in README.md). Records
/// are kept as JSON in the APIs' own shapes (the OpenAPI schemas), so the fakes answer exactly what the real APIs would.
/// </summary>
public sealed class StandInSeed
{
    public RevolutSeed Revolut { get; init; } = new();

    public InvoiceNinjaSeed InvoiceNinja { get; init; } = new();

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static StandInSeed Load(string path) =>
        JsonSerializer.Deserialize<StandInSeed>(File.ReadAllText(path), Json)
        ?? throw new InvalidDataException($"{path}: empty seed.");
}

public sealed class RevolutSeed
{
    public string ClientId { get; init; } = "standin-client";

    public string RefreshToken { get; init; } = "standin-refresh-token";

    /// <summary>When set, the client assertion's <c>iss</c> must equal it.</summary>
    public string? Issuer { get; init; }

    /// <summary>The public half of the company's key: when set, client assertions must verify with it.</summary>
    public string? PublicKeyPem { get; init; }

    /// <summary>Revolut's access tokens last 40 minutes (OpenAPI security scheme); it answers <c>expires_in: 2399</c>.</summary>
    public int TokenLifetimeSeconds { get; init; } = 2399;

    /// <summary>OpenAPI schema <c>Account</c> objects.</summary>
    public JsonArray Accounts { get; init; } = [];

    /// <summary>OpenAPI schema <c>Transaction</c> objects (with <c>created_at</c>, used for paging).</summary>
    public JsonArray Transactions { get; init; } = [];
}

public sealed class InvoiceNinjaSeed
{
    public string ApiToken { get; init; } = "standin-api-token";

    /// <summary>OpenAPI schema <c>Client</c> objects (<c>id</c> and <c>updated_at</c>, UNIX seconds, at least).</summary>
    public JsonArray Clients { get; init; } = [];

    /// <summary>OpenAPI schema <c>Invoice</c> objects.</summary>
    public JsonArray Invoices { get; init; } = [];

    /// <summary>OpenAPI schema <c>Payment</c> objects.</summary>
    public JsonArray Payments { get; init; } = [];
}
