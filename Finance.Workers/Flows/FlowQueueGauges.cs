using System.Diagnostics.Metrics;
using Dapper;
using Finance.Core.Diagnostics;
using Finance.Workflows.Diagnostics;
using Finance.Workflows.Engines.Embedded;
using Npgsql;

namespace Finance.Workers.Flows;

/// <summary>
/// Queue depth, oldest waiting age and the outbox backlog as gauges, sampled every <see cref="Interval"/> (a gauge's
/// callback must not query the database: it runs on the exporter's thread, at its pace).
/// </summary>
internal sealed class FlowQueueGauges : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly FlowQueries _queries;
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<FlowQueueGauges> _logger;
    private volatile IReadOnlyList<FlowQueueStats> _queues = [];
    private volatile OutboxBacklog _outbox = new(0, null);

    public FlowQueueGauges(FlowQueries queries, NpgsqlDataSource dataSource, TimeProvider timeProvider, ILogger<FlowQueueGauges> logger)
    {
        _queries = queries;
        _dataSource = dataSource;
        _timeProvider = timeProvider;
        _logger = logger;
        var meter = FinanceDiagnostics.Meter;
        meter.CreateObservableGauge("finance.flow.queue.depth", () => _queues.SelectMany(q => new[]
        {
            Measurement(q.Waiting, q.Queue, "waiting"),
            Measurement(q.Active, q.Queue, "active"),
            Measurement(q.Delayed, q.Queue, "delayed"),
            Measurement(q.DeadLettered, q.Queue, "dead_lettered"),
        }), "{step}", "Activities per queue and state.");
        meter.CreateObservableGauge("finance.flow.queue.oldest_wait", () => _queues.Select(q => new Measurement<double>(
            q.OldestWaitingAge?.TotalSeconds ?? 0, new KeyValuePair<string, object?>(FlowTelemetry.QueueTag, q.Queue))),
            "s", "How long the oldest due activity of a queue has waited for a worker.");
        meter.CreateObservableGauge("finance.outbox.pending", () => _outbox.Pending, "{event}", "Events not yet relayed to Redis.");
        meter.CreateObservableGauge("finance.outbox.oldest_pending", () => _outbox.OldestAge?.TotalSeconds ?? 0, "s",
            "Age of the oldest event not yet relayed: the outbox lag while Redis is down or the relay behind.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _queues = await _queries.GetQueueStatsAsync(null, stoppingToken);
                await using var connection = await _dataSource.OpenConnectionAsync(stoppingToken);
                var (pending, oldest) = await connection.QuerySingleAsync<(long, DateTime?)>(new CommandDefinition(
                    "SELECT count(*), min(occurred_at) FROM outbox WHERE relayed_at IS NULL", cancellationToken: stoppingToken));
                _outbox = new(pending, oldest is { } at ? _timeProvider.GetUtcNow() - new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // The last sample stays; the health checks report the database.
                _logger.LogDebug(e, "Queue gauges not sampled");
            }
            await Task.Delay(Interval, _timeProvider, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static Measurement<long> Measurement(long value, string queue, string state) =>
        new(value, new KeyValuePair<string, object?>(FlowTelemetry.QueueTag, queue), new KeyValuePair<string, object?>("finance.flow.state", state));

    private sealed record OutboxBacklog(long Pending, TimeSpan? OldestAge);
}
