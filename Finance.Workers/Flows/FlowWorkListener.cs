using Finance.Core;
using Finance.Workflows;
using Finance.Workflows.Engines.Embedded;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Finance.Workers.Flows;

/// <summary>
/// Listens on the PostgreSQL channel the embedded engine notifies when it enqueues work (<see cref="FlowWorkRunner.WorkChannel"/>,
/// the payload is the queue) and wakes that queue's loop: work started by the API or another worker process starts here
/// within a round trip instead of a poll interval. A lost connection is re-opened with backoff; every queue is woken then,
/// since notifications sent meanwhile are gone.
/// </summary>
internal sealed class FlowWorkListener(
    NpgsqlDataSource dataSource, FlowWorkSignal signal, IOptions<FlowEngineOptions> options, TimeProvider timeProvider,
    ILogger<FlowWorkListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => signal.Pulse(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {FlowWorkRunner.WorkChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                backoff = TimeSpan.Zero;
                signal.PulseAll(); // whatever was notified while we were not listening
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) // the listener must never die: the queue loops fall back to polling meanwhile
            {
                backoff = Backoff.Next(backoff, TimeSpan.FromMilliseconds(100), options.Value.MaxReconnectInterval);
                logger.LogWarning(e, "Listening for flow work failed; retrying in {Delay}", backoff);
                await Task.Delay(backoff, timeProvider, stoppingToken);
            }
        }
    }
}
