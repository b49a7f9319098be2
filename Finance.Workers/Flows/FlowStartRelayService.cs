using Finance.Core;
using Finance.Core.Idempotency;
using Finance.Workflows.Engines;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Finance.Workers.Flows;

/// <summary>
/// Runs <see cref="FlowStartRelay"/> continuously on either engine: starts asked for in a state change's transaction
/// (a payment's <c>invoice.mark-paid</c>) are made here. Between passes it deletes expired idempotency keys.
/// </summary>
internal sealed class FlowStartRelayService(FlowStartRelay relay, IdempotencyKeys keys, NpgsqlDataSource dataSource,
    IOptions<FlowStartRelayOptions> options, TimeProvider timeProvider, ILogger<FlowStartRelayService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var retry = o.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var started = await relay.RelayBatchAsync(o.BatchSize, stoppingToken);
                retry = o.PollInterval;
                if (started == o.BatchSize)
                {
                    continue; // a backlog: keep going without sleeping
                }
                await keys.PurgeExpiredAsync(dataSource, o.PurgeBatchSize, stoppingToken);
                await Task.Delay(o.PollInterval, timeProvider, stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                retry = Backoff.Next(retry, o.PollInterval, o.MaxRetryInterval);
                logger.LogWarning(ex, "Flow start relay failed; starts wait in flow_starts. Retrying in {Delay}", retry);
                await Task.Delay(retry, timeProvider, stoppingToken);
            }
        }
    }
}
