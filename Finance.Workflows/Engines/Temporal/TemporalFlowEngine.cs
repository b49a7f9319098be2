using System.Text.Json.Nodes;
using Finance.Workflows.Activities;
using Finance.Workflows.Model;
using Microsoft.Extensions.Options;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Finance.Workflows.Engines.Temporal;

/// <summary>
/// <see cref="IFlowEngine"/> on Temporal: an instance is a <see cref="FlowWorkflow"/> execution whose workflow id is the
/// instance id, started with its pinned definition; signals and cancellation go to that workflow.
/// </summary>
public sealed class TemporalFlowEngine(
    ITemporalClient client,
    IFlowDefinitionResolver resolver,
    ActivityCatalog catalog,
    IOptions<TemporalOptions> options) : IFlowEngine
{

    public async Task<FlowInstanceRef> StartAsync(StartFlowRequest request, CancellationToken cancellationToken)
    {
        var definition = await resolver.ResolveAsync(request.FlowId, request.Version, cancellationToken);
        var instanceId = request.InstanceId ?? $"{definition.Id}:{Guid.NewGuid():N}";
        var input = new FlowWorkflowInput(
            instanceId, definition.Id, definition.Version, FlowJson.Serialize(definition), request.Input,
            request.Company, request.CorrelationId, catalog.Queues, options.Value.TaskQueuePrefix);
        try
        {
            await client.StartWorkflowAsync(
                (FlowWorkflow wf) => wf.RunAsync(input),
                new WorkflowOptions(instanceId, options.Value.TaskQueue(FlowEngineOptions.DefaultQueue))
                {
                    // An instance id names one instance for good, even after it finished (as in the embedded engine).
                    IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate,
                    // Shown in the Temporal UI; memos need no search-attribute setup on the server.
                    Memo = new Dictionary<string, object>
                    {
                        ["flowId"] = definition.Id,
                        ["version"] = definition.Version,
                        ["company"] = request.Company ?? string.Empty,
                        ["correlationId"] = request.CorrelationId ?? string.Empty,
                    },
                    Rpc = new RpcOptions { CancellationToken = cancellationToken },
                });
        }
        catch (WorkflowAlreadyStartedException)
        {
            // A caller-chosen id makes the start idempotent: the instance already exists.
        }

        return new FlowInstanceRef(instanceId, definition.Id, definition.Version);
    }

    public async Task SignalAsync(string instanceId, string signal, JsonNode? payload, CancellationToken cancellationToken)
    {
        var handle = client.GetWorkflowHandle(instanceId);
        await MapErrorsAsync(instanceId, () => handle.SignalAsync(signal, [payload], new WorkflowSignalOptions
        {
            Rpc = new RpcOptions { CancellationToken = cancellationToken },
        }));
    }

    public async Task CancelAsync(string instanceId, string reason, CancellationToken cancellationToken)
    {
        var handle = client.GetWorkflowHandle(instanceId);
        await MapErrorsAsync(instanceId, () => handle.CancelAsync(new WorkflowCancelOptions
        {
            Rpc = new RpcOptions { CancellationToken = cancellationToken },
        }));
    }

    /// <summary>Temporal answers NotFound both for an unknown workflow id and for a closed run.</summary>
    private async Task MapErrorsAsync(string instanceId, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            var status = await StatusAsync(instanceId);
            if (status is null)
            {
                throw new FlowInstanceNotFoundException(instanceId);
            }

            throw new FlowInstanceFinishedException(instanceId, status);
        }
    }

    private async Task<string?> StatusAsync(string instanceId)
    {
        try
        {
            var description = await client.GetWorkflowHandle(instanceId).DescribeAsync();
            return description.Status.ToString().ToLowerInvariant();
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return null;
        }
    }
}
