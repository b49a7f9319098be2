using Finance.AppHost.Orchestration;

namespace Finance.AppHost.Resources;

/// <summary>A named thing the AppHost starts, probes and stops; what the resource page shows one row of.</summary>
public abstract class Resource(string name)
{
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name { get; } = name;

    public ResourceState State { get; internal set; } = ResourceState.Waiting;

    public string Health { get; internal set; } = "Unknown";

    public int? ExitCode { get; internal set; }

    public virtual string? Url => null;

    public int? ProcessId => Process?.Id;

    public LogBuffer Logs { get; } = new(name);

    /// <summary>True for a one-shot step (a migration) that must exit with code 0.</summary>
    public virtual bool RunsToCompletion => false;

    internal List<(Resource Target, WaitBehavior Behavior)> Waits { get; } = [];

    /// <summary>Completes when healthy (or, for a one-shot step, completed); faults when it failed.</summary>
    internal Task Ready => ready.Task;

    internal ManagedProcess? Process { get; set; }

    /// <summary>The builder this resource was added to, so a resource can add its children (a server its databases).</summary>
    internal DistributedApplicationBuilder? Builder { get; set; }

    /// <summary>The signal that asks this resource to shut down cleanly.</summary>
    internal virtual string StopSignal => "TERM";

    /// <summary>Prepares and launches; returns once the process is started (health is probed separately).</summary>
    internal abstract Task StartAsync(HostContext context, CancellationToken cancellationToken);

    internal virtual Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    internal virtual async Task StopAsync()
    {
        if (Process is not null)
        {
            await Process.StopAsync(StopSignal, TimeSpan.FromSeconds(15));
        }
    }

    internal void MarkReady() => ready.TrySetResult();

    internal void MarkFailed(Exception error) => ready.TrySetException(error);
}
