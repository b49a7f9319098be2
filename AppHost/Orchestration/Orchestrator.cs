using Finance.AppHost.Resources;

namespace Finance.AppHost.Orchestration;

/// <summary>
/// Starts every resource as soon as what it waits for is ready (Aspire's WaitFor / WaitForCompletion), probes it until
/// healthy, and stops the started ones in reverse declaration order.
/// </summary>
internal sealed class Orchestrator(HostContext context, IReadOnlyList<Resource> resources)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);

    private volatile bool stopping;

    public async Task StartAllAsync(CancellationToken cancellationToken)
    {
        var starts = resources.Select(r => StartAsync(r, cancellationToken)).ToArray();
        try
        {
            await Task.WhenAll(starts);
        }
        catch (ResourceFailedException)
        {
            // Report the root cause, not the dependants that could not start because of it.
            throw starts.Select(s => s.Exception?.InnerException).OfType<ResourceFailedException>()
                .FirstOrDefault(e => e.InnerException is not ResourceFailedException) ?? starts.First(s => s.IsFaulted).Exception!.InnerException!;
        }
    }

    public async Task StopAllAsync()
    {
        stopping = true;
        foreach (var resource in resources.Reverse().Where(r => r.Process is not null))
        {
            if (!resource.Process!.Exited.IsCompleted)
            {
                ConsoleLog.Info($"stopping {resource.Name}");
            }

            await resource.StopAsync();
            if (resource.State is not ResourceState.Failed)
            {
                resource.State = ResourceState.Exited;
                resource.ExitCode = resource.Process.Exited.IsCompleted ? resource.Process.Exited.Result : null;
            }
        }
    }

    private async Task StartAsync(Resource resource, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (target, behavior) in resource.Waits)
            {
                await WaitForAsync(resource, target, behavior);
            }

            resource.State = ResourceState.Starting;
            await resource.StartAsync(context, cancellationToken);
            if (resource.Process is not null)
            {
                resource.State = ResourceState.Running;
                ConsoleLog.Info($"{resource.Name} started (pid {resource.ProcessId})");
            }

            if (resource.RunsToCompletion)
            {
                await AwaitCompletionAsync(resource, cancellationToken);
            }
            else
            {
                await AwaitHealthyAsync(resource, cancellationToken);
                _ = WatchAsync(resource);
            }

            resource.MarkReady();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            resource.State = ResourceState.Failed;
            resource.Health = "Unhealthy";
            var failure = ex as ResourceFailedException ?? new ResourceFailedException($"{resource.Name} failed to start: {ex.Message}", ex);
            resource.MarkFailed(failure);
            throw failure;
        }
        catch (OperationCanceledException ex)
        {
            resource.MarkFailed(ex);
            throw;
        }
    }

    private static async Task WaitForAsync(Resource resource, Resource target, WaitBehavior behavior)
    {
        ConsoleLog.Info($"{resource.Name} waits for {target.Name} to be {(behavior == WaitBehavior.Completed ? "completed" : "healthy")}");
        try
        {
            await target.Ready;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ResourceFailedException($"{resource.Name} cannot start: {target.Name} failed", ex);
        }
    }

    private static async Task AwaitCompletionAsync(Resource resource, CancellationToken cancellationToken)
    {
        var exitCode = await resource.Process!.Exited.WaitAsync(StartTimeout, cancellationToken);
        resource.ExitCode = exitCode;
        if (exitCode != 0)
        {
            throw new ResourceFailedException($"{resource.Name} exited with code {exitCode}; nothing that waits for it was started");
        }

        resource.State = ResourceState.Exited;
        resource.Health = "Completed";
        ConsoleLog.Info($"{resource.Name} completed (exit code 0)");
    }

    private static async Task AwaitHealthyAsync(Resource resource, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await resource.IsHealthyAsync(cancellationToken))
        {
            if (resource.Process?.Exited.IsCompleted == true)
            {
                resource.ExitCode = resource.Process.Exited.Result;
                throw new ResourceFailedException($"{resource.Name} exited with code {resource.ExitCode} before it was healthy");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new ResourceFailedException($"{resource.Name} was not healthy within {StartTimeout.TotalSeconds:0} s");
            }

            await Task.Delay(ProbeInterval, cancellationToken);
        }

        resource.State = ResourceState.Healthy;
        resource.Health = "Healthy";
        ConsoleLog.Info($"{resource.Name} is healthy{(resource.Url is null ? "" : " at " + resource.Url)}");
    }

    /// <summary>A long-running resource that exits on its own is reported, not restarted (as Aspire does by default).</summary>
    private async Task WatchAsync(Resource resource)
    {
        if (resource.Process is null)
        {
            return;
        }

        var exitCode = await resource.Process.Exited;
        if (!stopping)
        {
            resource.ExitCode = exitCode;
            resource.State = exitCode == 0 ? ResourceState.Exited : ResourceState.Failed;
            resource.Health = "Unhealthy";
            ConsoleLog.Info($"{resource.Name} exited unexpectedly with code {exitCode}");
        }
    }
}
