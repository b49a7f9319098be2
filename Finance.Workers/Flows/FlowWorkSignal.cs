namespace Finance.Workers.Flows;

/// <summary>An in-process "there may be new work" pulse: queue loops wake on it instead of waiting out their poll interval.</summary>
internal sealed class FlowWorkSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
