using Finance.Workflows.Engines.Embedded;

namespace Finance.Workers.Flows;

/// <summary>
/// Keeps the leases of the activities this process runs (<see cref="FlowLeaseHeartbeat"/>) for the host's lifetime: the
/// loop stops with the host, and each beat's connection goes back to the pool.
/// </summary>
internal sealed class FlowLeaseHeartbeatService(FlowLeaseHeartbeat heartbeat) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => heartbeat.RunAsync(stoppingToken);
}
