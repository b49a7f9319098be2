namespace Finance.AppHost.Resources;

/// <summary>
/// PostgreSQL from Debian's binaries, run by DCP as an executable (no container runtime here, DESIGN.md §6). The cluster
/// lives in <see cref="DataDirectory"/>, made once by initdb; authentication is <c>trust</c> on 127.0.0.1 only.
/// </summary>
public sealed class PostgresExecutableResource(string name, string command, string dataDirectory)
    : ExecutableResource(name, command, dataDirectory), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";
    internal const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private EndpointReference? primaryEndpoint;

    public string DataDirectory { get; } = dataDirectory;

    public EndpointReference PrimaryEndpoint => primaryEndpoint ??= new(this, PrimaryEndpointName);

    /// <summary>The server's connection string, without a database (Npgsql then picks one named like the user).</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username=postgres");
}

/// <summary>A database on <see cref="PostgresExecutableResource"/>, created when the server becomes ready.</summary>
public sealed class PostgresExecutableDatabaseResource(string name, string databaseName, PostgresExecutableResource parent)
    : Resource(name), IResourceWithParent<PostgresExecutableResource>, IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;

    public PostgresExecutableResource Parent { get; } = parent;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
