using System.Globalization;
using System.Text.Json.Nodes;
using Finance.Workflows.Runs;
using Microsoft.Extensions.Options;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Finance.Workflows.Engines.Temporal;

/// <summary>
/// <see cref="IFlowInstances"/> on Temporal: the list from the visibility store (<c>WorkflowType = 'FlowWorkflow'</c>),
/// an instance from describe, its timeline from its history (<see cref="TemporalTimeline"/>), its state from the
/// workflow's <c>state</c> query, retry as a reset to the workflow task that scheduled the failed step.
/// <para>
/// Flow id, company and correlation are memo fields (memos need no search-attribute set-up on the server), so those
/// filters apply here to at most <see cref="MaxScanned"/> executions, newest first, rather than in the server's query.
/// </para>
/// </summary>
public sealed class TemporalFlowInstances : IFlowInstances
{
    /// <summary>The most executions one list call reads from the visibility store before it stops looking.</summary>
    public const int MaxScanned = 2000;

    private readonly ITemporalClient _client;
    private readonly IOptions<TemporalOptions> _options;
    private readonly Func<ResetWorkflowExecutionRequest, CancellationToken, Task> _reset;

    public TemporalFlowInstances(ITemporalClient client, IOptions<TemporalOptions> options)
        : this(client, options, null)
    {
    }

    // reset sends a reset request; null sends it to the server (tests, with no server to reach, record it instead).
    internal TemporalFlowInstances(ITemporalClient client, IOptions<TemporalOptions> options, Func<ResetWorkflowExecutionRequest, CancellationToken, Task>? reset)
    {
        _client = client;
        _options = options;
        _reset = reset ?? ((request, cancellationToken) =>
            client.WorkflowService.ResetWorkflowExecutionAsync(request, new RpcOptions { CancellationToken = cancellationToken }));
    }

    public string Engine => "temporal";

    public async Task<IReadOnlyList<FlowInstanceSummary>> ListAsync(FlowInstanceFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var limit = Math.Clamp(filter.Limit, 1, 500);
        var query = Query(filter);
        var found = new List<FlowInstanceSummary>();
        var scanned = 0;
        byte[]? token = null;
        do
        {
            var page = await _client.ListWorkflowsPaginatedAsync(query, token, new WorkflowListPaginatedOptions
            {
                PageSize = 200,
                Rpc = new RpcOptions { CancellationToken = cancellationToken },
            });
            foreach (var execution in page.Workflows)
            {
                scanned++;
                var summary = await SummaryAsync(execution);
                if (Matches(summary, filter))
                {
                    found.Add(summary);
                }

                if (found.Count == limit || scanned == MaxScanned)
                {
                    break;
                }
            }

            token = page.NextPageToken;
        }
        while (token is { Length: > 0 } && found.Count < limit && scanned < MaxScanned);

        return [.. found.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal)];
    }

    public async Task<FlowInstanceSummary?> FindAsync(string id, CancellationToken cancellationToken) =>
        await DescribeAsync(id, cancellationToken) is { } description ? await SummaryAsync(description) : null;

    public async Task<FlowInstanceView?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (await DescribeAsync(id, cancellationToken) is not { } description)
        {
            return null;
        }

        var summary = await SummaryAsync(description);
        var history = await HistoryAsync(id, cancellationToken);
        var timeline = TemporalTimeline.Build(history, _client.Options.DataConverter.PayloadConverter);
        var input = TemporalTimeline.StartInput(history, _client.Options.DataConverter.PayloadConverter)?.Input?.DeepClone();
        return new FlowInstanceView(summary, Engine, input, await StateAsync(id, cancellationToken), timeline, [], []);
    }

    public async Task RetryAsync(string id, CancellationToken cancellationToken)
    {
        var description = await DescribeAsync(id, cancellationToken) ?? throw new FlowInstanceNotFoundException(id);
        if (description.Status != WorkflowExecutionStatus.Failed)
        {
            throw new FlowConflictException($"Flow instance '{id}' has not failed; only a failed instance can be retried.");
        }

        var history = await HistoryAsync(id, cancellationToken);
        var finishEventId = RetryPoint(history)
            ?? throw new FlowConflictException($"Flow instance '{id}' did not fail on a step; there is no step to run again.");
        await _reset(new ResetWorkflowExecutionRequest
        {
            Namespace = _options.Value.Namespace,
            WorkflowExecution = new() { WorkflowId = id, RunId = description.RunId },
            Reason = "Retried from the Finance API: the failed step runs again.",
            WorkflowTaskFinishEventId = finishEventId,
            RequestId = Guid.NewGuid().ToString(),
            // Signals the instance got after that point are delivered again (the server's default reapply); nothing else is replayed.
        }, cancellationToken);
    }

    /// <summary>
    /// The workflow task that scheduled the activity whose final failure failed the flow: a reset to it makes the workflow
    /// schedule the step again with fresh attempts, as the embedded engine's retry does. Null when the flow failed otherwise.
    /// </summary>
    public static long? RetryPoint(IReadOnlyList<HistoryEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var failure = history.LastOrDefault(e => e.EventType is EventType.ActivityTaskFailed or EventType.ActivityTaskTimedOut);
        if (failure is null || history.Any(e => e.EventId > failure.EventId && e.EventType is EventType.ActivityTaskScheduled or EventType.TimerStarted
            or EventType.StartChildWorkflowExecutionInitiated))
        {
            return null; // the flow went on after that failure (an error branch), so it was not what failed it
        }

        var scheduledId = failure.EventType == EventType.ActivityTaskFailed
            ? failure.ActivityTaskFailedEventAttributes.ScheduledEventId
            : failure.ActivityTaskTimedOutEventAttributes.ScheduledEventId;
        return history.FirstOrDefault(e => e.EventId == scheduledId)?.ActivityTaskScheduledEventAttributes.WorkflowTaskCompletedEventId;
    }

    private static string Query(FlowInstanceFilter filter)
    {
        var clauses = new List<string> { $"WorkflowType = '{nameof(FlowWorkflow)}'" };
        if (filter.Status is { } status)
        {
            clauses.Add(status switch
            {
                FlowInstanceStatus.Running or FlowInstanceStatus.Waiting => "ExecutionStatus = 'Running'",
                FlowInstanceStatus.Completed => "ExecutionStatus = 'Completed'",
                FlowInstanceStatus.Failed => "(ExecutionStatus = 'Failed' OR ExecutionStatus = 'TimedOut')",
                FlowInstanceStatus.Cancelled => "(ExecutionStatus = 'Canceled' OR ExecutionStatus = 'Terminated')",
                _ => throw new ArgumentException($"Unknown status '{status}'.", nameof(filter)),
            });
        }

        if (filter.CreatedBefore is { } before)
        {
            clauses.Add($"StartTime < '{before.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)}'");
        }

        return string.Join(" AND ", clauses);
    }

    private static bool Matches(FlowInstanceSummary summary, FlowInstanceFilter filter) =>
        (filter.FlowId is null || summary.FlowId == filter.FlowId)
        && (filter.Company is null || string.Equals(summary.CompanyCode, filter.Company, StringComparison.OrdinalIgnoreCase))
        && (filter.Companies is null || (summary.CompanyCode is { } company && filter.Companies.Contains(company, StringComparer.OrdinalIgnoreCase)))
        && (filter.CorrelationId is null || summary.CorrelationId == filter.CorrelationId)
        && (filter.Status is not FlowInstanceStatus.Waiting || summary.Status == FlowInstanceStatus.Running);

    /// <summary>The summary from an execution and its memo (written at start, <see cref="TemporalFlowEngine"/>).</summary>
    private static async Task<FlowInstanceSummary> SummaryAsync(WorkflowExecution execution)
    {
        var flowId = await MemoAsync<string>(execution, "flowId");
        var version = await MemoAsync<int?>(execution, "version");
        var company = await MemoAsync<string>(execution, "company");
        var correlation = await MemoAsync<string>(execution, "correlationId");
        var closed = execution.CloseTime;
        return new FlowInstanceSummary(
            execution.Id,
            string.IsNullOrEmpty(flowId) ? FlowIdFromWorkflowId(execution.Id) : flowId,
            version ?? 0,
            Status(execution.Status),
            string.IsNullOrEmpty(company) ? null : company,
            string.IsNullOrEmpty(correlation) ? null : correlation,
            execution.ParentId,
            execution.StartTime,
            closed ?? execution.StartTime,
            closed);
    }

    private static async Task<T?> MemoAsync<T>(WorkflowExecution execution, string key) =>
        execution.Memo.TryGetValue(key, out var value) ? await value.ToValueAsync<T>() : default;

    /// <summary>Generated instance ids are <c>{flowId}:{uuid}</c>; a schedule's fires carry its id first.</summary>
    private static string FlowIdFromWorkflowId(string id) => id.Split(':')[0];

    public static string Status(WorkflowExecutionStatus status) => status switch
    {
        WorkflowExecutionStatus.Running => FlowInstanceStatus.Running,
        WorkflowExecutionStatus.Completed or WorkflowExecutionStatus.ContinuedAsNew => FlowInstanceStatus.Completed,
        WorkflowExecutionStatus.Canceled or WorkflowExecutionStatus.Terminated => FlowInstanceStatus.Cancelled,
        _ => FlowInstanceStatus.Failed,
    };

    private async Task<WorkflowExecutionDescription?> DescribeAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var description = await _client.GetWorkflowHandle(id).DescribeAsync(new WorkflowDescribeOptions
            {
                Rpc = new RpcOptions { CancellationToken = cancellationToken },
            });
            return description.WorkflowType == nameof(FlowWorkflow) ? description : null;
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<IReadOnlyList<HistoryEvent>> HistoryAsync(string id, CancellationToken cancellationToken)
    {
        var history = await _client.GetWorkflowHandle(id).FetchHistoryAsync(new WorkflowHistoryEventFetchOptions
        {
            Rpc = new RpcOptions { CancellationToken = cancellationToken },
        });
        return [.. history.Events];
    }

    /// <summary>The interpreter's state through the <c>state</c> query; null when no worker can answer it.</summary>
    private async Task<JsonNode?> StateAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var json = await _client.GetWorkflowHandle(id).QueryAsync<string>("state", [], new WorkflowQueryOptions
            {
                Rpc = new RpcOptions { CancellationToken = cancellationToken, Timeout = TimeSpan.FromSeconds(5) },
            });
            return JsonNode.Parse(json);
        }
        catch (Exception e) when (e is RpcException or WorkflowQueryFailedException or WorkflowQueryRejectedException)
        {
            return null;
        }
    }
}
