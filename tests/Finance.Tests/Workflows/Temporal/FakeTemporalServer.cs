using System.Globalization;
using System.Reflection;
using Finance.Workflows.Engines.Temporal;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Client.Interceptors;
using Temporalio.Client.Schedules;
using Temporalio.Converters;
using Temporalio.Exceptions;

namespace Finance.Tests.Workflows.Temporal;

/// <summary>
/// What a Temporal server answers for the read and admin side, as a client interceptor on a real
/// <see cref="TemporalClient"/> (no server can run here, DESIGN.md §6): visibility lists (the status and start-time
/// clauses of the query are applied, as the server would), describe, history pages, the <c>state</c> query (answered only
/// when a worker would be there), schedule describe/pause/unpause, and the starts and signals it was sent.
/// </summary>
public sealed class FakeTemporalServer : IClientInterceptor
{
    public FakeTemporalServer()
    {
        Client = new TemporalClient(
            TemporalConnection.CreateLazy(new TemporalConnectionOptions("localhost:7233")),
            new TemporalClientOptions { Interceptors = [this] });
    }

    public TemporalClient Client { get; }

    public Dictionary<string, Execution> Executions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, bool> Schedules { get; } = new(StringComparer.Ordinal);

    public List<string> Queries { get; } = [];

    public List<(string Id, string Signal)> Signals { get; } = [];

    /// <summary>An execution as the server keeps it; <see cref="State"/> null means no worker answers queries.</summary>
    public sealed record Execution(
        string Id, WorkflowExecutionStatus Status, DateTime StartTime, IReadOnlyList<HistoryEvent> History,
        IReadOnlyDictionary<string, object> Memo, string? State = null, DateTime? CloseTime = null);

    public void Add(Execution execution) => Executions[execution.Id] = execution;

    public ClientOutboundInterceptor InterceptClient(ClientOutboundInterceptor nextInterceptor) => new Outbound(this, nextInterceptor);

    private static RpcException NotFound() => new(RpcException.StatusCode.NotFound, "not found", null);

    private static T Build<T>(params object[] args) =>
        (T)Activator.CreateInstance(typeof(T), BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance, null, args, null)!;

    private WorkflowExecutionInfo Info(Execution e)
    {
        var info = new WorkflowExecutionInfo
        {
            Execution = new() { WorkflowId = e.Id, RunId = "run-1" },
            Type = new() { Name = nameof(FlowWorkflow) },
            Status = e.Status,
            StartTime = Timestamp.FromDateTime(DateTime.SpecifyKind(e.StartTime, DateTimeKind.Utc)),
            TaskQueue = "finance-default",
            Memo = new Memo(),
        };
        if (e.CloseTime is { } closed)
        {
            info.CloseTime = Timestamp.FromDateTime(DateTime.SpecifyKind(closed, DateTimeKind.Utc));
        }

        foreach (var (key, value) in e.Memo)
        {
            info.Memo.Fields[key] = DataConverter.Default.PayloadConverter.ToPayload(value);
        }

        return info;
    }

    private bool MatchesQuery(Execution e, string query)
    {
        if (!query.Contains($"WorkflowType = '{nameof(FlowWorkflow)}'", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Unexpected query: {query}");
        }

        var statuses = System.Text.RegularExpressions.Regex.Matches(query, "ExecutionStatus = '(\\w+)'").Select(m => m.Groups[1].Value).ToList();
        if (statuses.Count > 0 && !statuses.Contains(e.Status switch
        {
            WorkflowExecutionStatus.Running => "Running",
            WorkflowExecutionStatus.Completed => "Completed",
            WorkflowExecutionStatus.Failed => "Failed",
            WorkflowExecutionStatus.Canceled => "Canceled",
            WorkflowExecutionStatus.Terminated => "Terminated",
            WorkflowExecutionStatus.TimedOut => "TimedOut",
            _ => e.Status.ToString(),
        }))
        {
            return false;
        }

        var before = System.Text.RegularExpressions.Regex.Match(query, "StartTime < '([^']+)'");
        return !before.Success || e.StartTime < DateTime.Parse(before.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
    }

    private sealed class Outbound(FakeTemporalServer server, ClientOutboundInterceptor next) : ClientOutboundInterceptor(next)
    {
        public override Task<WorkflowListPage> ListWorkflowsPaginatedAsync(ListWorkflowsPaginatedInput input)
        {
            // Newest first, two per page: the caller must follow page tokens.
            var all = server.Executions.Values.Where(e => server.MatchesQuery(e, input.Query))
                .OrderByDescending(e => e.StartTime).ToList();
            var offset = input.NextPageToken is { Length: > 0 } token ? int.Parse(System.Text.Encoding.UTF8.GetString(token), CultureInfo.InvariantCulture) : 0;
            var page = all.Skip(offset).Take(2)
                .Select(e => Build<Temporalio.Client.WorkflowExecution>(server.Info(e), DataConverter.Default, "default")).ToList();
            var nextToken = offset + 2 < all.Count ? System.Text.Encoding.UTF8.GetBytes((offset + 2).ToString(CultureInfo.InvariantCulture)) : null;
            return Task.FromResult(new WorkflowListPage(page, nextToken));
        }

        public override Task<WorkflowExecutionDescription> DescribeWorkflowAsync(DescribeWorkflowInput input)
        {
            if (!server.Executions.TryGetValue(input.Id, out var e))
            {
                throw NotFound();
            }

            var response = new DescribeWorkflowExecutionResponse { WorkflowExecutionInfo = server.Info(e) };
            return Task.FromResult(Build<WorkflowExecutionDescription>(response, DataConverter.Default));
        }

        public override Task<WorkflowHistoryEventPage> FetchWorkflowHistoryEventPageAsync(FetchWorkflowHistoryEventPageInput input)
        {
            if (!server.Executions.TryGetValue(input.Id, out var e))
            {
                throw NotFound();
            }

            return Task.FromResult(new WorkflowHistoryEventPage(e.History, null));
        }

        public override Task<TResult> QueryWorkflowAsync<TResult>(QueryWorkflowInput input)
        {
            server.Queries.Add($"{input.Id}/{input.Query}");
            if (!server.Executions.TryGetValue(input.Id, out var e))
            {
                throw NotFound();
            }

            if (e.State is null)
            {
                throw new RpcException(RpcException.StatusCode.DeadlineExceeded, "no worker polls the task queue", null);
            }

            return Task.FromResult((TResult)(object)e.State);
        }

        public override Task SignalWorkflowAsync(SignalWorkflowInput input)
        {
            if (!server.Executions.TryGetValue(input.Id, out var e) || e.Status != WorkflowExecutionStatus.Running)
            {
                throw NotFound();
            }

            server.Signals.Add((input.Id, input.Signal));
            return Task.CompletedTask;
        }

        public override Task<ScheduleDescription> DescribeScheduleAsync(DescribeScheduleInput input)
        {
            if (!server.Schedules.TryGetValue(input.Id, out var paused))
            {
                throw NotFound();
            }

            var raw = new DescribeScheduleResponse
            {
                Schedule = new()
                {
                    Spec = new() { CronString = { "0 9 * * *" } },
                    Action = new() { StartWorkflow = new() { WorkflowId = input.Id, WorkflowType = new() { Name = nameof(FlowWorkflow) }, TaskQueue = new() { Name = "finance-default" } } },
                    State = new() { Paused = paused },
                    Policies = new(),
                },
                Info = new()
                {
                    FutureActionTimes = { Timestamp.FromDateTime(new DateTime(2027, 1, 4, 8, 0, 0, DateTimeKind.Utc)) },
                    CreateTime = Timestamp.FromDateTime(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc)),
                    UpdateTime = Timestamp.FromDateTime(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc)),
                },
            };
            // Internal in the SDK (only a server's answer builds one): called as the client would.
            var fromProto = typeof(ScheduleDescription).GetMethod("FromProtoAsync", BindingFlags.NonPublic | BindingFlags.Static)!;
            return (Task<ScheduleDescription>)fromProto.Invoke(null, [input.Id, raw, "default", DataConverter.Default])!;
        }

        public override Task PauseScheduleAsync(PauseScheduleInput input)
        {
            server.Schedules[input.Id] = server.Schedules.ContainsKey(input.Id) ? true : throw NotFound();
            return Task.CompletedTask;
        }

        public override Task UnpauseScheduleAsync(UnpauseScheduleInput input)
        {
            server.Schedules[input.Id] = server.Schedules.ContainsKey(input.Id) ? false : throw NotFound();
            return Task.CompletedTask;
        }
    }
}
