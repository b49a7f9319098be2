using Finance.Core;
using Finance.Workflows;
using Finance.Workflows.Engines.Embedded;
using Microsoft.Extensions.Options;

namespace Finance.Workers.Flows;

/// <summary>Fires due timers and claims due schedule fire times, every <see cref="FlowEngineOptions.TimerPollInterval"/>.</summary>
internal sealed class FlowTimerService(
    FlowTimers timers, FlowScheduler scheduler, FlowWorkSignal signal, IOptions<FlowEngineOptions> options, TimeProvider timeProvider,
    ILogger<FlowTimerService> logger) : BackgroundService
{
    private const int TimerBatch = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var fired = await timers.FireDueAsync(TimerBatch, stoppingToken);
                var started = await scheduler.RunDueAsync(stoppingToken);
                backoff = TimeSpan.Zero;
                if (fired + started > 0)
                {
                    signal.PulseAll();
                }

                if (fired == TimerBatch)
                {
                    continue;
                }

                await Task.Delay(options.Value.TimerPollInterval, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested) // the poller must never die: log, back off, go on
            {
                backoff = Backoff.Next(backoff, TimeSpan.FromMilliseconds(100), options.Value.MaxReconnectInterval);
                logger.LogWarning(e, "Timer and schedule poll failed; retrying in {Delay}", backoff);
                await Task.Delay(backoff, timeProvider, stoppingToken);
            }
        }
    }
}
