using System.Threading.Channels;
using Finance.Core;
using Finance.Workflows;
using Finance.Workflows.Engines.Embedded;
using Microsoft.Extensions.Options;

namespace Finance.Workers.Flows;

/// <summary>
/// Runs one queue's activities, at most its configured concurrency at a time, as a pipeline:
/// <list type="bullet">
/// <item>the lease loop keeps a small local ready list filled (one round trip leases a batch, FOR UPDATE SKIP LOCKED);</item>
/// <item><c>concurrency</c> slots take items from it and run their activities; a finished activity's outcome goes to the
/// recorder and the slot takes the next item at once, so activities keep running while earlier outcomes commit;</item>
/// <item>the recorder commits outcomes in batches (<see cref="FlowWorkRunner.RunAsync"/>); when a recorded step's flow goes
/// on with another activity on this queue, that activity comes back leased to this worker and joins the ready list.</item>
/// </list>
/// Items held here (ready, running or being recorded) are bounded, and the ready list is only topped up to twice the
/// concurrency, so a busy worker does not hoard work another process could run. When a lease finds less than it asked
/// for, the loop sleeps until PostgreSQL notifies new work on this queue (<see cref="FlowWorkSignal"/>), or at most
/// <see cref="FlowEngineOptions.PollInterval"/>.
/// </summary>
internal sealed partial class FlowQueueWorker(
    string queue, int concurrency, FlowWorkRunner runner, FlowWorkSignal signal, IOptions<FlowEngineOptions> options,
    TimeProvider timeProvider, ILogger<FlowQueueWorker> logger) : BackgroundService
{
    /// <summary>Most items held at once, whatever the concurrency: outcomes waiting for their commit count too.</summary>
    private readonly int _maxHeld = Math.Max(64, concurrency * 32);

    private readonly Channel<Held> _ready = Channel.CreateUnbounded<Held>();
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _recording = [];
    private int _held;
    private TaskCompletionSource _room = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Held(LeasedWorkItem Item, DateTimeOffset LeasedAt);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Flow worker {WorkerId} serving queue {Queue} with concurrency {Concurrency}", runner.WorkerId, queue, concurrency);
        }
        var slots = Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => RunSlotAsync(stoppingToken), CancellationToken.None)).ToArray();
        await LeaseLoopAsync(stoppingToken);
        await Task.WhenAll(slots);

        // Stopping: let the outcomes in flight commit, then give back what was leased but never ran.
        Task[] recording;
        lock (_gate)
        {
            recording = [.. _recording];
        }

        await Task.WhenAll(recording);
        _ready.Writer.TryComplete();
        var unrun = new List<LeasedWorkItem>();
        while (_ready.Reader.TryRead(out var held))
        {
            unrun.Add(held.Item);
        }

        await ReleaseQuietlyAsync(unrun);
    }

    private async Task LeaseLoopAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var room = Volatile.Read(ref _room).Task;
                var want = Math.Min(_maxHeld - Volatile.Read(ref _held), (2 * concurrency) - _ready.Reader.Count);
                if (want <= 0)
                {
                    await Task.WhenAny(room, Task.Delay(options.Value.PollInterval, timeProvider, stoppingToken));
                    continue;
                }

                var work = signal.Next(queue); // taken before the lease, so work notified while it runs is not missed
                IReadOnlyList<LeasedWorkItem> items;
                try
                {
                    items = await runner.LeaseAsync(queue, want, stoppingToken);
                    backoff = TimeSpan.Zero;
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested) // a queue loop must never die: log, back off, go on
                {
                    backoff = Backoff.Next(backoff, TimeSpan.FromMilliseconds(100), options.Value.MaxReconnectInterval);
                    logger.LogWarning(e, "Leasing from queue {Queue} failed; retrying in {Delay}", queue, backoff);
                    await Task.Delay(backoff, timeProvider, stoppingToken);
                    continue;
                }

                Interlocked.Add(ref _held, items.Count);
                var now = timeProvider.GetUtcNow();
                foreach (var item in items)
                {
                    _ready.Writer.TryWrite(new Held(item, now));
                }

                if (items.Count < want)
                {
                    // Nothing more is due: sleep until work is notified, or the poll interval (a safety net, and
                    // retries whose backoff ran out) passes. Logged at Debug so a test can see the loop really slept.
                    LogSleeping(queue, options.Value.PollInterval);
                    var woken = await Task.WhenAny(work, Task.Delay(options.Value.PollInterval, timeProvider, stoppingToken));
                    LogWoken(queue, woken == work ? "a work signal" : "the poll interval");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunSlotAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _ready.Reader.WaitToReadAsync(stoppingToken))
            {
                while (!stoppingToken.IsCancellationRequested && _ready.Reader.TryRead(out var held))
                {
                    if (_ready.Reader.Count < concurrency)
                    {
                        PulseRoom(); // the lease loop may top the ready list up
                    }

                    await RunOneAsync(held, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunOneAsync(Held held, CancellationToken stoppingToken)
    {
        // Held past half its lease (a long backlog of slow activities): another worker may take it soon; give it back.
        if (timeProvider.GetUtcNow() - held.LeasedAt > options.Value.LeaseDuration / 2)
        {
            await ReleaseQuietlyAsync([held.Item]);
            Done();
            return;
        }

        Task<(bool Recorded, LeasedWorkItem? Next)> recorded;
        try
        {
            recorded = await runner.RunAsync(held.Item, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogError(e, "Work item {WorkItemId} ({Activity}) failed in the worker", held.Item.Id, held.Item.ActivityName);
            Done();
            return;
        }

        var follow = FollowAsync(held.Item, recorded, stoppingToken);
        lock (_gate)
        {
            _recording.Add(follow);
        }

        _ = follow.ContinueWith(t => { lock (_gate) { _recording.Remove(t); } }, TaskScheduler.Default);
    }

    /// <summary>After the commit: the flow's next activity, handed over in the recording transaction, joins the ready list.</summary>
    private async Task FollowAsync(LeasedWorkItem item, Task<(bool Recorded, LeasedWorkItem? Next)> recorded, CancellationToken stoppingToken)
    {
        try
        {
            var (_, next) = await recorded;
            if (next is null)
            {
                Done();
            }
            else if (stoppingToken.IsCancellationRequested)
            {
                await ReleaseQuietlyAsync([next]); // shutting down: give it back rather than let its lease run out
                Done();
            }
            else
            {
                _ready.Writer.TryWrite(new Held(next, timeProvider.GetUtcNow()));
            }
        }
        catch (Exception e)
        {
            // The lease expires and the item runs again under the same idempotency key; nothing is lost.
            logger.LogError(e, "Work item {WorkItemId} ({Activity}) could not be recorded", item.Id, item.ActivityName);
            Done();
        }
    }

    /// <summary>An item left this worker: room for another.</summary>
    private void Done()
    {
        Interlocked.Decrement(ref _held);
        PulseRoom();
    }

    private void PulseRoom() =>
        Interlocked.Exchange(ref _room, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private async Task ReleaseQuietlyAsync(List<LeasedWorkItem> items)
    {
        try
        {
            await runner.ReleaseAsync(items, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not give back {Count} leased work item(s); their leases will expire", items.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Queue {Queue} idle: sleeping until a work signal or {PollInterval}")]
    private partial void LogSleeping(string queue, TimeSpan pollInterval);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Queue {Queue} woken by {Cause}")]
    private partial void LogWoken(string queue, string cause);
}
