namespace Finance.Workflows.Engines.Embedded;

/// <summary>
/// Group commit: requests that arrive while a transaction is in flight are gathered into the next one, so a burst of
/// requests costs a few transactions (a few WAL flushes, a few round trips each) instead of one per request. The first
/// request with a free committer goes out alone and at once, so an idle system adds no latency.
/// <para>
/// Up to <c>maxConcurrent</c> batches commit side by side (PostgreSQL works on each in its own backend). When a batch
/// fails for a reason that belongs to one request rather than to the database (anything but an unreachable server or a
/// cancellation), its requests are committed one by one, so only the culprit's caller sees the error.
/// </para>
/// </summary>
internal sealed class GroupCommit<TRequest, TResult>(
    Func<List<TRequest>, Task<TResult[]>> commit, int maxBatch, int maxConcurrent)
{
    private readonly Lock _gate = new();
    private readonly Queue<(TRequest Request, TaskCompletionSource<TResult> Done)> _queue = new();
    private int _committers;

    /// <summary>Queues <paramref name="request"/>; the task ends when the transaction holding it committed (or failed).</summary>
    public Task<TResult> SubmitAsync(TRequest request)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_gate)
        {
            _queue.Enqueue((request, done));
            start = _committers < maxConcurrent;
            if (start)
            {
                _committers++;
            }
        }

        if (start)
        {
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }

        return done.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            var batch = new List<(TRequest Request, TaskCompletionSource<TResult> Done)>();
            lock (_gate)
            {
                while (batch.Count < maxBatch && _queue.TryDequeue(out var next))
                {
                    batch.Add(next);
                }

                if (batch.Count == 0)
                {
                    _committers--;
                    return;
                }
            }

            try
            {
                var results = await commit([.. batch.Select(b => b.Request)]);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(results[i]);
                }
            }
            catch (Exception e) when (batch.Count > 1 && !FlowDb.IsTransient(e) && e is not OperationCanceledException)
            {
                foreach (var (request, done) in batch)
                {
                    try
                    {
                        done.TrySetResult((await commit([request]))[0]);
                    }
                    catch (Exception single)
                    {
                        done.TrySetException(single);
                    }
                }
            }
            catch (Exception e)
            {
                foreach (var (_, done) in batch)
                {
                    done.TrySetException(e);
                }
            }
        }
    }
}
