using Finance.Core;
using Finance.Core.Events;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace Finance.Workers.Outbox;

/// <summary>Runs <see cref="OutboxRelay"/> continuously; rows stay in the outbox for as long as Redis is down.</summary>
internal sealed class OutboxRelayService(OutboxRelay relay, IOptions<OutboxRelayOptions> options, TimeProvider timeProvider,
    ILogger<OutboxRelayService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var retry = o.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var relayed = await relay.RelayBatchAsync(o.BatchSize, stoppingToken);
                retry = o.PollInterval;
                if (relayed == o.BatchSize)
                {
                    continue; // a backlog: keep draining without sleeping
                }
                await Task.Delay(o.PollInterval, timeProvider, stoppingToken);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or NpgsqlException && !stoppingToken.IsCancellationRequested)
            {
                retry = Backoff.Next(retry, o.PollInterval, o.MaxRetryInterval);
                logger.LogWarning(ex, "Outbox relay failed; events wait in the outbox. Retrying in {Delay}", retry);
                await Task.Delay(retry, timeProvider, stoppingToken);
            }
        }
    }
}
