using System.Text.Json;

namespace Finance.Core.Banking.Statements;

/// <summary>
/// How to read one bank's CSV export. Stored as JSON (the built-in ones are embedded resources, an admin adds more
/// without code). Column names may contain <c>{ccy}</c> for a currency code the bank writes into the header
/// ("Gutschrift in {ccy}"): it then gives the currency of every line.
/// </summary>
public sealed record CsvProfile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public required string Name { get; init; }

    /// <summary>What the export looks like, for the admin who picks or copies a profile.</summary>
    public string? Description { get; init; }

    /// <summary>Columns that must all be in the header row for <see cref="CsvProfiles.Detect(string)"/> to pick this profile.</summary>
    public required IReadOnlyList<string> HeaderSignature { get; init; }

    public char Delimiter { get; init; } = ';';

    /// <summary>A .NET encoding name: "utf-8" (a BOM is skipped), "windows-1252", "iso-8859-1"…</summary>
    public string Encoding { get; init; } = "utf-8";

    public char DecimalMark { get; init; } = '.';

    /// <summary>Every character that may group thousands, removed before parsing ("'’" for 1'234.50).</summary>
    public string ThousandsMarks { get; init; } = "";

    /// <summary>.NET exact date formats, tried in order.</summary>
    public IReadOnlyList<string> DateFormats { get; init; } = ["dd.MM.yyyy"];

    /// <summary>At most this many lines (account, period, balances…) come before the header row, which is found by its signature.</summary>
    public int PreambleLines { get; init; }

    public required CsvColumns Columns { get; init; }

    /// <summary>True when the debit column holds positive numbers (ZKB "45.20"); false when it is already signed ("-45.20").</summary>
    public bool DebitIsPositive { get; init; } = true;

    /// <summary>The currency when neither a column nor a <c>{ccy}</c> header says it.</summary>
    public string? Currency { get; init; }

    /// <summary>Values of <see cref="CsvColumns.Status"/> that mean booked; "PENDING" means pending, anything else information only.</summary>
    public IReadOnlyList<string> BookedStatuses { get; init; } = ["COMPLETED"];

    public static CsvProfile FromJson(string json) =>
        JsonSerializer.Deserialize<CsvProfile>(json, Json) ?? throw new JsonException("A CSV profile cannot be null.");

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>Header names of the columns a profile reads; null when the export has no such column.</summary>
public sealed record CsvColumns
{
    public required string BookingDate { get; init; }
    public string? ValueDate { get; init; }

    /// <summary>One signed amount column (Raiffeisen, Revolut)…</summary>
    public string? Amount { get; init; }

    /// <summary>…or a debit and a credit column (PostFinance, UBS, ZKB).</summary>
    public string? Debit { get; init; }
    public string? Credit { get; init; }

    public string? Currency { get; init; }
    public string? Counterparty { get; init; }
    public string? Iban { get; init; }
    public string? Reference { get; init; }

    /// <summary>Booking text; several columns are joined with a new line (UBS Beschreibung1..3).</summary>
    public IReadOnlyList<string> Text { get; init; } = [];

    public string? BankReference { get; init; }

    /// <summary>The own account when the export names it per line (Raiffeisen "IBAN", Revolut "Account").</summary>
    public string? Account { get; init; }

    public string? Status { get; init; }

    /// <summary>
    /// The amount of one payment inside a collective booking (UBS "Einzelbetrag"). A line with only this amount details
    /// the booking above it, which already carries the total, so it is not an entry of its own.
    /// </summary>
    public string? DetailAmount { get; init; }
}
