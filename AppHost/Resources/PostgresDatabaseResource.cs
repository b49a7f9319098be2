using System.Globalization;
using Finance.AppHost.Orchestration;

namespace Finance.AppHost.Resources;

/// <summary>A database in a PostgreSQL server, created if missing; referencing it yields <c>ConnectionStrings__{name}</c>.</summary>
public sealed class PostgresDatabaseResource : Resource, IResourceWithEnvironment
{
    internal PostgresDatabaseResource(string name, PostgresServerResource server) : base(name)
    {
        Server = server;
        Waits.Add((server, WaitBehavior.Healthy));
    }

    public PostgresServerResource Server { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Server.Port};Database={Name};Username=postgres";

    public override string? Url => $"{Server.Url}/{Name}";

    public IEnumerable<KeyValuePair<string, string>> GetReferenceEnvironment() =>
        [new($"ConnectionStrings__{Name}", ConnectionString)];

    internal override async Task StartAsync(HostContext context, CancellationToken cancellationToken)
    {
        if (await ExistsAsync(cancellationToken))
        {
            return;
        }
        Logs.Write($"creating database {Name}");
        try
        {
            // Names come from Program.cs, not from users; still, quote the identifier as PostgreSQL does.
            await PsqlAsync($"CREATE DATABASE \"{Name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // A look-up that came back empty (a server still settling) said "missing" when it was there: that is fine.
            if (!await ExistsAsync(cancellationToken))
            {
                throw;
            }
        }
    }

    private async Task<bool> ExistsAsync(CancellationToken cancellationToken) =>
        (await PsqlAsync($"SELECT 'exists' FROM pg_database WHERE datname = '{Name.Replace("'", "''", StringComparison.Ordinal)}'", cancellationToken))
            .Contains("exists", StringComparison.Ordinal);

    private async Task<string> PsqlAsync(string sql, CancellationToken cancellationToken)
    {
        var output = new LogBuffer(Name, echo: false);
        var spec = new ProcessSpec(
            PostgresServerResource.Tool("psql"),
            ["-h", "127.0.0.1", "-p", Server.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-tAc", sql]);
        var exitCode = await ManagedProcess.RunAsync(spec, output, cancellationToken);
        return exitCode == 0
            ? string.Join('\n', output.Tail(LogBuffer.Capacity))
            : throw new InvalidOperationException($"psql exited with code {exitCode} running: {sql}");
    }
}
