using System.Text.Json.Nodes;
using Finance.Workflows.Engines;
using Finance.Workflows.Engines.Embedded;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Workflows.Activities;

/// <summary>
/// <c>flow.signal</c>: sends <c>signal</c> (with <c>payload</c>) to every running or waiting instance of <c>flowId</c>
/// correlated with <c>correlationId</c> — how one flow tells another (mark-paid ends the dunning of its invoice).
/// An instance that finishes meanwhile is skipped: it no longer needs the news.
/// </summary>
public sealed class FlowSignalActivity(FlowQueries queries, IServiceProvider services) : IFlowActivity
{
    // Resolved when run, not injected: the engines take the activity catalog, so injecting the engine here would be a cycle.
    private IFlowEngine Engine => services.GetRequiredService<IFlowEngine>();

    public string Name => "flow.signal";

    public string Queue => "default";

    public async Task<JsonNode?> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var flowId = (string?)context.Input["flowId"] ?? throw new NonRetryableActivityException("flow.signal: flowId is required.");
        var correlationId = (string?)context.Input["correlationId"] ?? throw new NonRetryableActivityException("flow.signal: correlationId is required.");
        var signal = (string?)context.Input["signal"] ?? throw new NonRetryableActivityException("flow.signal: signal is required.");
        var signalled = 0;
        foreach (var status in new[] { "running", "waiting" })
        {
            var instances = await queries.ListInstancesAsync(new FlowInstanceFilter(flowId, status, CorrelationId: correlationId, Limit: 100), cancellationToken);
            foreach (var instance in instances)
            {
                try
                {
                    await Engine.SignalAsync(instance.Id, signal, context.Input["payload"]?.DeepClone(), cancellationToken);
                    signalled++;
                }
                catch (FlowInstanceFinishedException)
                {
                    // Finished between the query and the signal.
                }
            }
        }
        return new JsonObject { ["signalled"] = signalled };
    }
}
