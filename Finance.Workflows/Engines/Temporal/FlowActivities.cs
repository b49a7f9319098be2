using System.Text.Json.Nodes;
using Finance.Workflows.Activities;
using Finance.Workflows.Model;
using Temporalio.Activities;
using Temporalio.Converters;
using Temporalio.Exceptions;

namespace Finance.Workflows.Engines.Temporal;

/// <summary>
/// The activities <see cref="FlowWorkflow"/> schedules. One dynamic activity serves every catalog name: the
/// Temporal activity type is the catalog name, so history records it and a renamed activity fails replay.
/// </summary>
public sealed class FlowActivities(ActivityCatalog catalog, IFlowDefinitionResolver resolver)
{
    [Activity(Dynamic = true)]
    public async Task<JsonNode?> ExecuteAsync(IRawValue[] args)
    {
        var context = ActivityExecutionContext.Current;
        var name = context.Info.ActivityType;
        if (!catalog.TryGet(name, out var activity))
        {
            throw new ApplicationFailureException($"No activity '{name}' in the catalog.", errorType: "UnknownActivity", nonRetryable: true);
        }

        if (args.Length != 1)
        {
            throw new ApplicationFailureException($"Activity '{name}' expects one input, got {args.Length}.", errorType: "BadInput", nonRetryable: true);
        }

        var input = context.PayloadConverter.ToValue<FlowActivityInput>(args[0]);
        var activityContext = new ActivityContext(
            input.InstanceId, input.FlowId, input.StepPath, input.IdempotencyKey, context.Info.Attempt, input.Input, input.Company);
        try
        {
            return await catalog.RunAsync(activity, activityContext, context.CancellationToken);
        }
        catch (NonRetryableActivityException e)
        {
            throw new ApplicationFailureException(e.Message, e, TemporalRetry.NonRetryableErrorType, nonRetryable: true);
        }
    }

    /// <summary>Resolves a child flow's definition (the published version unless pinned) with its activities' queues.</summary>
    [Activity(FlowWorkflow.ResolveDefinitionActivity)]
    public async Task<ResolvedFlow> ResolveDefinitionAsync(string flowId, int? version)
    {
        try
        {
            var definition = await resolver.ResolveAsync(flowId, version, ActivityExecutionContext.Current.CancellationToken);
            return new ResolvedFlow(FlowJson.Serialize(definition), catalog.Queues);
        }
        catch (FlowNotFoundException e)
        {
            throw new ApplicationFailureException(e.Message, e, nameof(FlowNotFoundException), nonRetryable: true);
        }
    }
}
