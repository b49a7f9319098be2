namespace Finance.AppHost.Orchestration;

/// <summary>What to launch: the executable, its arguments, environment additions, and optionally another user to run as.</summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Run as this user (needs root); PostgreSQL refuses to run as root.</summary>
    public string? UserName { get; init; }
}
