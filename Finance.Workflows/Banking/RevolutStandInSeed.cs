using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Finance.Workflows.Banking;

/// <summary>Where the banking demo writes the Revolut stand-in's seed (section <c>Demo:Banking</c>; set by the AppHost).</summary>
public sealed class BankingDemoOptions
{
    public const string SectionName = "Demo:Banking";

    /// <summary>
    /// The seed file of the development Revolut stand-in (StandIns/README.md). When set, every company with a Revolut
    /// connection configured (<c>Revolut:Companies</c>) gets a Revolut account whose transactions, written here, pay
    /// its demo invoices; the other companies get a camt.054 as without it.
    /// </summary>
    public string? RevolutStandInSeed { get; set; }
}

/// <summary>
/// The Revolut side of the demo, in the Business API's own shapes (OpenAPI schemas <c>Account</c> and
/// <c>Transaction</c>): one CHF account per company, incoming transfers with running balances.
/// </summary>
internal sealed class RevolutStandInSeed
{
    private const decimal OpeningBalance = 25_000m;
    private readonly JsonArray _accounts = [];
    private readonly JsonArray _transactions = [];

    public int Transactions => _transactions.Count;

    /// <summary>A Revolut Bank UAB account number (LT, bank code 32500) with valid check digits; the digits are random.</summary>
    public static string NewIban()
    {
        var bban = "32500" + string.Concat(Enumerable.Range(0, 11).Select(_ => (char)('0' + Random.Shared.Next(10))));
        // ISO 13616: BBAN + country letters as numbers (L = 21, T = 29) + "00", mod 97; check = 98 − remainder.
        var remainder = (int)(BigInteger.Parse(bban + "212900", CultureInfo.InvariantCulture) % 97);
        return $"LT{98 - remainder:00}{bban}";
    }

    public void AddAccount(string accountId, string name, DateTimeOffset now, IReadOnlyList<(decimal Amount, string? Reference, string Payer, DateTimeOffset At)> incoming)
    {
        var balance = OpeningBalance;
        foreach (var payment in incoming.OrderBy(p => p.At))
        {
            balance += payment.Amount;
            var at = Time(payment.At);
            _transactions.Add(new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(), ["type"] = "transfer", ["state"] = "completed", ["request_id"] = null,
                ["created_at"] = at, ["updated_at"] = at, ["completed_at"] = at, ["reference"] = payment.Reference,
                ["legs"] = new JsonArray(new JsonObject
                {
                    ["leg_id"] = Guid.NewGuid().ToString(), ["account_id"] = accountId,
                    ["counterparty"] = new JsonObject { ["account_type"] = "external", ["id"] = Guid.NewGuid().ToString() },
                    ["amount"] = payment.Amount, ["fee"] = 0m, ["currency"] = "CHF", ["description"] = $"Payment from {payment.Payer}", ["balance"] = balance,
                }),
            });
        }
        _accounts.Add(new JsonObject
        {
            ["id"] = accountId, ["name"] = name, ["balance"] = balance, ["currency"] = "CHF", ["state"] = "active", ["public"] = false,
            ["created_at"] = Time(now.AddYears(-1)), ["updated_at"] = Time(now),
        });
    }

    /// <summary>Written whole or not at all (a temporary file moved into place), as the stand-in may read it at any time.</summary>
    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        var seed = new JsonObject { ["revolut"] = new JsonObject { ["accounts"] = _accounts.DeepClone(), ["transactions"] = _transactions.DeepClone() } };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, seed.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
