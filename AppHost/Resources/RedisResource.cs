using System.Globalization;
using Finance.AppHost.Orchestration;

namespace Finance.AppHost.Resources;

/// <summary>
/// Debian's redis-server without persistence (<c>--save '' --appendonly no</c>): Redis holds caches, locks and the
/// relayed event stream, all rebuilt from PostgreSQL (DESIGN.md §4), so a development restart may start it empty.
/// </summary>
public sealed class RedisResource(string name, PortAllocator ports) : Resource(name), IResourceWithEnvironment
{
    private readonly Lazy<int> port = new(ports.Next);

    public int Port => port.Value;

    public override string? Url => $"tcp://127.0.0.1:{Port}";

    public IEnumerable<KeyValuePair<string, string>> GetReferenceEnvironment() =>
        [new($"ConnectionStrings__{Name}", $"127.0.0.1:{Port}")];

    internal override Task StartAsync(HostContext context, CancellationToken cancellationToken)
    {
        Process = ManagedProcess.Start(
            new ProcessSpec(
                "redis-server",
                ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            {
                WorkingDirectory = context.DataDirectory,
            },
            Logs);
        return Task.CompletedTask;
    }

    internal override Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => Probes.RedisPingAsync(Port, cancellationToken);
}
