using System.Diagnostics;
using System.Diagnostics.Metrics;
using Finance.Core.Diagnostics;
using Finance.Workflows.Engines;
using Finance.Workflows.Engines.Embedded;

namespace Finance.Workflows.Diagnostics;

/// <summary>
/// The flow engine's spans and metrics. A start opens <c>flow.start {flow}</c> where it is asked for (an API request, a
/// schedule, a parent step); every step of the instance runs in a <c>flow.step {flow}/{step} {activity}</c> span whose parent is
/// that start, read back from the instance row in whichever worker process runs it.
/// </summary>
public static class FlowTelemetry
{
    public const string FlowIdTag = "finance.flow.id";
    public const string VersionTag = "finance.flow.version";
    public const string InstanceIdTag = "finance.flow.instance_id";
    public const string StepTag = "finance.flow.step";
    public const string AttemptTag = "finance.flow.attempt";
    public const string QueueTag = "finance.flow.queue";
    public const string ActivityTag = "finance.flow.activity";
    public const string CompanyTag = "finance.company";

    public static readonly Counter<long> StepsStarted = FinanceDiagnostics.Meter.CreateCounter<long>(
        "finance.flow.steps.started", "{step}", "Activities a worker began to run (each attempt counts).");

    public static readonly Counter<long> StepsCompleted = FinanceDiagnostics.Meter.CreateCounter<long>(
        "finance.flow.steps.completed", "{step}", "Activities that returned a result.");

    public static readonly Counter<long> StepsFailed = FinanceDiagnostics.Meter.CreateCounter<long>(
        "finance.flow.steps.failed", "{step}", "Activity attempts that threw or timed out (retried or not).");

    public static readonly Counter<long> DeadLettered = FinanceDiagnostics.Meter.CreateCounter<long>(
        "finance.flow.steps.dead_lettered", "{step}", "Activities given up after their last attempt.");

    /// <summary>The bounded tags of a step's metrics: no instance id, no company (cardinality stays that of the flows).</summary>
    public static TagList Tags(LeasedWorkItem item) => new()
    {
        { FlowIdTag, item.FlowId },
        { QueueTag, item.Queue },
        { ActivityTag, item.ActivityName },
    };

    public static Activity? StartFlowStart(StartFlowRequest request)
    {
        var span = FinanceDiagnostics.Source.StartActivity($"flow.start {request.FlowId}", ActivityKind.Producer);
        span?.SetTag(FlowIdTag, request.FlowId);
        span?.SetTag(CompanyTag, request.Company);
        span?.SetTag("finance.flow.correlation_id", request.CorrelationId);
        return span;
    }

    /// <summary>A step's span, continuing the trace its instance was started in (in this process or another).</summary>
    public static Activity? StartStep(LeasedWorkItem item)
    {
        var span = FinanceDiagnostics.Source.StartActivity(
            $"flow.step {item.FlowId}/{item.StepPath} {item.ActivityName}", ActivityKind.Consumer, FinanceDiagnostics.ParentFrom(item.TraceParent));
        if (span is null)
        {
            return null;
        }
        span.SetTag(FlowIdTag, item.FlowId);
        span.SetTag(VersionTag, item.Version);
        span.SetTag(InstanceIdTag, item.InstanceId);
        span.SetTag(StepTag, item.StepPath);
        span.SetTag(AttemptTag, item.Attempt);
        span.SetTag(QueueTag, item.Queue);
        span.SetTag(ActivityTag, item.ActivityName);
        span.SetTag(CompanyTag, item.CompanyCode);
        return span;
    }
}
