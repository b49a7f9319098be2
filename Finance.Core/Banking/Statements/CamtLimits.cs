namespace Finance.Core.Banking.Statements;

/// <summary>
/// What a bank file may cost us. The defaults hold a year of a busy account's camt.053 with room to spare (a PostFinance
/// day with 1,000 bookings is about 2 MB).
/// </summary>
public sealed record CamtLimits
{
    public static readonly CamtLimits Default = new();

    public long MaxBytes { get; init; } = 50L * 1024 * 1024;

    public int MaxEntries { get; init; } = 200_000;

    /// <summary>Files in a ZIP (StatementFiles); each one is also held to <see cref="MaxBytes"/>.</summary>
    public int MaxArchiveEntries { get; init; } = 1_000;

    /// <summary>Total uncompressed bytes of a ZIP, whatever its headers claim.</summary>
    public long MaxArchiveBytes { get; init; } = 200L * 1024 * 1024;
}
