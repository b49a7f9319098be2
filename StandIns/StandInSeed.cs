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

    /// <summary>
    /// Several seed files (the list in <c>FINANCE_STANDIN_SEED</c>, separated by <see cref="Path.PathSeparator"/>), each
    /// service taken from the last file that gives it data: the AppHost joins the Revolut seed the demo data writes with
    /// the static Invoice Ninja one. A file that does not exist yet is left out and named in <paramref name="missing"/>.
    /// </summary>
    public static StandInSeed LoadAll(string paths, out IReadOnlyList<string> missing)
    {
        ArgumentNullException.ThrowIfNull(paths);
        RevolutSeed revolut = new();
        InvoiceNinjaSeed ninja = new();
        var absent = new List<string>();
        foreach (var path in paths.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!File.Exists(path))
            {
                absent.Add(path);
                continue;
            }
            var seed = Load(path);
            if (seed.Revolut.Accounts.Count > 0 || seed.Revolut.Transactions.Count > 0) revolut = seed.Revolut;
            if (seed.InvoiceNinja.Clients.Count > 0 || seed.InvoiceNinja.Invoices.Count > 0 || seed.InvoiceNinja.Payments.Count > 0) ninja = seed.InvoiceNinja;
        }
        missing = absent;
        return new StandInSeed { Revolut = revolut, InvoiceNinja = ninja };
    }
}

public sealed class RevolutSeed
{
    public string ClientId { get; init; } = "standin-client";

    public string RefreshToken { get; init; } = "standin-refresh-token";

    /// <summary>When set, the client assertion's <c>iss</c> must equal it.</summary>
    public string? Issuer { get; init; }

    /// <summary>The public half of the company's key: when set, client assertions must verify with it.</summary>
    public string? PublicKeyPem { get; set; }

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
