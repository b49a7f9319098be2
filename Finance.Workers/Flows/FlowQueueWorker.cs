using Finance.Workflows;
using Finance.Workflows.Engines.Embedded;
using Microsoft.Extensions.Options;

namespace Finance.Workers.Flows;

/// <summary>
/// Runs one queue's activities with up to its configured concurrency. Each lease takes as many items as there are free
/// slots (one round trip for a batch); an idle loop sleeps <see cref="FlowEngineOptions.PollInterval"/>, or less when a
/// finished activity here pulses <see cref="FlowWorkSignal"/> (its next step is probably due right away). A slot whose
/// step's flow goes on with another activity on this queue gets it handed over in the recording transaction and runs it
/// at once (<see cref="FlowWorkRunner.ExecuteAndContinueAsync"/>).
/// </summary>
internal sealed class FlowQueueWorker(
    string queue, int concurrency, FlowWorkRunner runner, FlowWorkSignal signal, IOptions<FlowEngineOptions> options,
    TimeProvider timeProvider, ILogger<FlowQueueWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var slots = new SemaphoreSlim(concurrency, concurrency);
        var running = new HashSet<Task>();
        var backoff = TimeSpan.Zero;
        logger.LogInformation("Flow worker {WorkerId} serving queue {Queue} with concurrency {Concurrency}", runner.WorkerId, queue, concurrency);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                var free = 1;
                while (free < concurrency && slots.Wait(0))
                {
                    free++;
                }

                IReadOnlyList<LeasedWorkItem> items;
                var wake = signal.Next;
                try
                {
                    items = await runner.LeaseAsync(queue, free, stoppingToken);
                    backoff = TimeSpan.Zero;
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested) // a queue loop must never die: log, back off, go on
                {
                    slots.Release(free);
                    backoff = TimeSpan.FromTicks(Math.Clamp(backoff.Ticks * 2, TimeSpan.FromMilliseconds(100).Ticks, options.Value.MaxReconnectInterval.Ticks));
                    logger.LogWarning(e, "Leasing from queue {Queue} failed; retrying in {Delay}", queue, backoff);
                    await Task.Delay(backoff, timeProvider, stoppingToken);
                    continue;
                }

                if (free > items.Count)
                {
                    slots.Release(free - items.Count);
                }

                foreach (var item in items)
                {
                    var task = RunAsync(item, slots, stoppingToken);
                    lock (running)
                    {
                        running.Add(task);
                    }

                    _ = task.ContinueWith(t => { lock (running) { running.Remove(t); } }, TaskScheduler.Default);
                }

                if (items.Count == 0)
                {
                    await Task.WhenAny(wake, Task.Delay(options.Value.PollInterval, timeProvider, stoppingToken));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        Task[] left;
        lock (running)
        {
            left = [.. running];
        }

        await Task.WhenAll(left);
    }

    private async Task RunAsync(LeasedWorkItem item, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Yield();
            // This slot keeps its flow going: recording a step hands it the flow's next activity on this queue, when due.
            LeasedWorkItem? next = item;
            while (next is not null && !stoppingToken.IsCancellationRequested)
            {
                var current = next;
                (_, next) = await runner.ExecuteAndContinueAsync(current, stoppingToken);
                item = current;
            }

            if (next is not null)
            {
                await runner.ReleaseAsync(next, CancellationToken.None); // shutting down: give it back rather than let its lease run out
            }

            signal.Pulse();
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // The lease expires and the item runs again; nothing is lost.
            logger.LogError(e, "Work item {WorkItemId} ({Activity}) could not be recorded", item.Id, item.ActivityName);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            slots.Release();
        }
    }
}
