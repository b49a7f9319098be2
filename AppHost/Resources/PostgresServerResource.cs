using System.Globalization;
using Finance.AppHost.Orchestration;

namespace Finance.AppHost.Resources;

/// <summary>
/// Debian's PostgreSQL 15, one cluster kept in <c>&lt;data&gt;/postgres</c> between runs. Authentication is
/// <c>trust</c>: a development cluster listening on 127.0.0.1 only, so no password is generated or stored.
/// </summary>
public sealed class PostgresServerResource(string name, PortAllocator ports) : Resource(name)
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private readonly Lazy<int> port = new(ports.Next);

    public int Port => port.Value;

    public string DataSubdirectory { get; set; } = "postgres";

    public override string? Url => $"tcp://127.0.0.1:{Port}";

    /// <summary>PostgreSQL refuses to run as root; as root we run it as the <c>postgres</c> user.</summary>
    internal static string? RunAsUser => Environment.UserName == "root" ? "postgres" : null;

    internal static string Tool(string name) => Path.Combine(BinDirectory, name);

    // SIGINT is PostgreSQL's "fast" shutdown, what pg_ctl stop -m fast sends.
    internal override string StopSignal => "INT";

    internal override async Task StartAsync(HostContext context, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.Combine(context.DataDirectory, DataSubdirectory);
        await new PostgresCluster(dataDirectory, Logs).EnsureInitialisedAsync(cancellationToken);
        var portText = Port.ToString(CultureInfo.InvariantCulture);
        // A Unix socket path is limited to 107 bytes; a deep data directory falls back to /tmp.
        var socketDirectory = (dataDirectory + "/.s.PGSQL." + portText).Length < 100 ? dataDirectory : Path.GetTempPath();
        Process = ManagedProcess.Start(
            new ProcessSpec(Tool("postgres"), ["-D", dataDirectory, "-p", portText, "-k", socketDirectory, "-c", "listen_addresses=127.0.0.1"])
            {
                UserName = RunAsUser,
                WorkingDirectory = dataDirectory,
            },
            Logs);
    }

    internal override async Task<bool> IsHealthyAsync(CancellationToken cancellationToken) =>
        await Probes.TcpAsync(Port, cancellationToken)
        && await ManagedProcess.RunAsync(
            new ProcessSpec(Tool("pg_isready"), ["-q", "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-d", "postgres"]),
            Logs,
            cancellationToken) == 0;
}
