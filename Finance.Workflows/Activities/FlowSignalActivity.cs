using System.Text.Json.Nodes;
using Finance.Workflows.Engines;
using Finance.Workflows.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Workflows.Activities;

/// <summary>
/// <c>flow.signal</c>: how one flow tells another (mark-paid ends the dunning of its invoice). Input <c>signal</c>,
/// <c>payload</c>, and either <c>instanceId</c> (works on both engines) or <c>flowId</c> + <c>correlationId</c> (every
/// running or waiting instance of the signalling instance's company, found through <see cref="IFlowInstances"/> on either engine). An instance that
/// is unknown or already finished is skipped: it no longer needs the news. Returns <c>{ signalled }</c>. An
/// <c>instanceId</c> of another company is refused before this runs (<see cref="ActivityCatalog.RunAsync"/>).
/// </summary>
public sealed class FlowSignalActivity(IServiceProvider services) : IFlowActivity
{
    public string Name => "flow.signal";

    public string Queue => "default";

    public ActivityDescriptor Descriptor { get; } = new(
        "flow.signal", "default",
        "Signals other flow instances: the one named by instanceId, or every running or waiting instance of flowId with correlationId (same company).",
        ActivitySchema.Properties()
            .Required("signal", ActivitySchema.Text(), "The signal name the target waits for.")
            .Optional("payload", ActivitySchema.Any(), "Any JSON the target's wait step receives.")
            .Optional("instanceId", ActivitySchema.Text(), "The target instance (works on both engines).")
            .Optional("flowId", ActivitySchema.Text(), "With correlationId: every running or waiting instance of this flow.")
            .Optional("correlationId", ActivitySchema.Text(), "With flowId: the business key of the targets.")
            .Build(),
        ActivitySchema.Output(("signalled", ActivitySchema.WholeNumber())),
        Model.RetryPolicy.Default, ActivityDescriptor.EngineDefaultTimeout);

    // Resolved when run, not injected: the engines take the activity catalog, so injecting the engine here would be a cycle.
    private IFlowEngine Engine => services.GetRequiredService<IFlowEngine>();

    private IFlowInstances Instances => services.GetRequiredService<IFlowInstances>();

    public async Task<JsonNode?> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var signal = (string?)context.Input["signal"] ?? throw new NonRetryableActivityException("flow.signal: signal is required.");
        var targets = (string?)context.Input["instanceId"] is { } instanceId ? [instanceId] : await ByCorrelationAsync(context, cancellationToken);
        var signalled = 0;
        foreach (var target in targets)
        {
            try
            {
                await Engine.SignalAsync(target, signal, context.Input["payload"]?.DeepClone(), cancellationToken);
                signalled++;
            }
            catch (Exception e) when (e is FlowInstanceFinishedException or FlowInstanceNotFoundException)
            {
                // Finished (or never started): nothing is waiting for this signal.
            }
        }
        return new JsonObject { ["signalled"] = signalled };
    }

    private async Task<List<string>> ByCorrelationAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var flowId = (string?)context.Input["flowId"] ?? throw new NonRetryableActivityException("flow.signal: instanceId, or flowId and correlationId, are required.");
        var correlationId = (string?)context.Input["correlationId"] ?? throw new NonRetryableActivityException("flow.signal: correlationId is required with flowId.");
        var ids = new List<string>();
        foreach (var status in new[] { FlowInstanceStatus.Running, FlowInstanceStatus.Waiting })
        {
            var instances = await Instances.ListAsync(new FlowInstanceFilter(flowId, status, Company: context.Company, CorrelationId: correlationId, Limit: 100), cancellationToken);
            ids.AddRange(instances.Select(i => i.Id));
        }
        // On Temporal both statuses are the same open executions.
        return [.. ids.Distinct(StringComparer.Ordinal)];
    }
}
