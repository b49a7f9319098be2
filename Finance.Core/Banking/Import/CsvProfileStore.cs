using Dapper;
using Finance.Core.Banking.Statements;
using Finance.Core.Errors;
using Npgsql;

namespace Finance.Core.Banking.Import;

/// <summary>CSV mapping profiles an admin added without code (the built-in ones ship as resources, <see cref="CsvProfiles.BuiltIn"/>).</summary>
public sealed class CsvProfileStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public async Task<IReadOnlyList<CsvProfile>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. (await connection.QueryAsync<string>(new CommandDefinition("SELECT profile::text FROM csv_profiles ORDER BY name",
            cancellationToken: cancellationToken))).Select(CsvProfile.FromJson)];
    }

    /// <summary>Adds or replaces a profile; a built-in profile's name is refused (it would hide the shipped one).</summary>
    public async Task SaveAsync(CsvProfile profile, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(profile.Name) || profile.Name.Length > 60) errors.Add("name", "A name of 1 to 60 characters.");
        if (CsvProfiles.BuiltIn.Any(p => string.Equals(p.Name, profile.Name, StringComparison.OrdinalIgnoreCase))) errors.Add("name", "A built-in profile has this name.");
        if (profile.HeaderSignature is not { Count: > 0 and <= 30 }) errors.Add("headerSignature", "One to 30 header names that identify the export.");
        if (profile.DateFormats is not { Count: > 0 and <= 10 }) errors.Add("dateFormats", "One to 10 date formats.");
        if (profile.PreambleLines is < 0 or > 50) errors.Add("preambleLines", "Between 0 and 50.");
        if (profile.Columns is null || string.IsNullOrWhiteSpace(profile.Columns.BookingDate)) errors.Add("columns.bookingDate", "The booking date column is required.");
        else if (profile.Columns.Text is { Count: > 10 }) errors.Add("columns.text", "At most 10 text columns.");
        else if (profile.Columns.Amount is null && (profile.Columns.Debit is null || profile.Columns.Credit is null))
        {
            errors.Add("columns.amount", "An amount column, or a debit and a credit column.");
        }
        try
        {
            _ = System.Text.Encoding.GetEncoding(profile.Encoding);
        }
        catch (ArgumentException)
        {
            errors.Add("encoding", "A known encoding name such as utf-8 or windows-1252.");
        }
        errors.ThrowIfAny();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO csv_profiles (name, profile, created_by, created_at) VALUES (@name, @profile::jsonb, @by, @now)
            ON CONFLICT (name) DO UPDATE SET profile = EXCLUDED.profile, created_by = EXCLUDED.created_by, created_at = EXCLUDED.created_at
            """, new { name = profile.Name, profile = profile.ToJson(), by, now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
    }
}
