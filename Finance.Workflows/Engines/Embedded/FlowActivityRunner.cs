using ActivityStatusCode = System.Diagnostics.ActivityStatusCode;
using System.Text.Json.Nodes;
using Finance.Workflows.Activities;
using Finance.Workflows.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Finance.Workflows.Engines.Embedded;

/// <summary>What running a leased activity came to: its result, or its error and whether a retry can help.</summary>
internal sealed record ActivityOutcome(JsonNode? Result, string? Error, bool NonRetryable);

/// <summary>
/// Running a step: a leased activity runs under its start-to-close timeout, with its lease kept by the heartbeat while it
/// runs. Records nothing: the outcome goes to <see cref="FlowOutcomeRecorder"/>.
/// </summary>
internal sealed class FlowActivityRunner(
    ActivityCatalog catalog, FlowLeaseHeartbeat heartbeat, TimeProvider timeProvider, ILogger<FlowActivityRunner> logger)
{
    /// <summary>The activity's outcome; null when there is nothing to record (the lease was lost, or the worker stops).</summary>
    public async Task<ActivityOutcome?> RunAsync(LeasedWorkItem item, CancellationToken cancellationToken)
    {
        using var span = FlowTelemetry.StartStep(item);
        // Every log line written while the step runs carries the instance, step and attempt (OpenTelemetry keeps scopes).
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            [FlowTelemetry.InstanceIdTag] = item.InstanceId,
            [FlowTelemetry.FlowIdTag] = item.FlowId,
            [FlowTelemetry.StepTag] = item.StepPath,
            [FlowTelemetry.AttemptTag] = item.Attempt,
        });
        var tags = FlowTelemetry.Tags(item);
        FlowTelemetry.StepsStarted.Add(1, tags);
        var outcome = await RunCoreAsync(item, cancellationToken);
        if (outcome is { Error: null })
        {
            FlowTelemetry.StepsCompleted.Add(1, tags);
            if (logger.IsEnabled(LogLevel.Information)) logger.LogInformation("Step {Step} ({Activity}) of {FlowId} completed on attempt {Attempt}",
                item.StepPath, item.ActivityName, item.FlowId, item.Attempt);
        }
        else if (outcome is { Error: { } error })
        {
            FlowTelemetry.StepsFailed.Add(1, tags);
            span?.SetStatus(ActivityStatusCode.Error, error);
            logger.LogWarning("Step {Step} ({Activity}) of {FlowId} failed on attempt {Attempt}: {Error}",
                item.StepPath, item.ActivityName, item.FlowId, item.Attempt, error);
        }
        return outcome;
    }

    private async Task<ActivityOutcome?> RunCoreAsync(LeasedWorkItem item, CancellationToken cancellationToken)
    {
        try
        {
            if (!catalog.TryGet(item.ActivityName, out var activity))
            {
                throw new NonRetryableActivityException($"No activity '{item.ActivityName}' is registered in this worker.");
            }

            // A timeout source only for activities that have one.
            using var timeout = item.TimeoutMs is { } ms ? new CancellationTokenSource(TimeSpan.FromMilliseconds(ms), timeProvider) : null;
            using var running = heartbeat.Track(item);
            using var linked = timeout is null
                ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, running.LeaseLost)
                : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, running.LeaseLost);
            try
            {
                var context = new ActivityContext(item.InstanceId, item.FlowId, item.StepPath, item.IdempotencyKey, item.Attempt,
                    JsonNode.Parse(item.InputJson)!.AsObject(), item.CompanyCode);
                return new ActivityOutcome(await catalog.RunAsync(activity, context, linked.Token), null, false);
            }
            catch (OperationCanceledException) when (running.LeaseLost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Work item {WorkItemId} lost its lease while running; its activity was cancelled", item.Id);
                return null;
            }
            catch (OperationCanceledException) when (timeout?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Activity '{item.ActivityName}' exceeded its start-to-close timeout of {item.TimeoutMs} ms.");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null; // shutting down: the lease expires and a worker runs it again under the same key
        }
        catch (Exception e)
        {
            return new ActivityOutcome(null, $"{e.GetType().Name}: {e.Message}", e is NonRetryableActivityException);
        }
    }
}
