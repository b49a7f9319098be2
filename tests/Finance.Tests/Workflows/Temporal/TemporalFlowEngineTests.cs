using System.Reflection;
using System.Text.Json.Nodes;
using Finance.Workflows.Activities;
using Finance.Workflows.Builder;
using Finance.Workflows.Engines;
using Finance.Workflows.Engines.Temporal;
using Finance.Workflows.Model;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Client.Interceptors;
using Temporalio.Converters;
using Temporalio.Exceptions;

namespace Finance.Tests.Workflows.Temporal;

/// <summary>
/// <see cref="TemporalFlowEngine"/> against a real <see cref="TemporalClient"/> whose calls stop at a client interceptor
/// that answers as a Temporal server would (no server can run here, DESIGN.md §6).
/// </summary>
public class TemporalFlowEngineTests
{
    private static readonly FlowDefinition Remind = Flow.Define("invoice.remind", "Remind", version: 3)
        .Activity("send", "email.send")
        .Complete("done")
        .Build();

    private readonly FakeServer _server = new();
    private readonly TemporalFlowEngine _engine;

    public TemporalFlowEngineTests()
    {
        var client = new TemporalClient(
            TemporalConnection.CreateLazy(new TemporalConnectionOptions("localhost:7233")),
            new TemporalClientOptions { Interceptors = [_server] });
        _server.Client = client;
        _engine = new TemporalFlowEngine(client, new Resolver(), new ActivityCatalog([new Mail()]), Options.Create(new TemporalOptions()));
    }

    [Fact]
    public async Task StartAsync_PublishedFlow_StartsFlowWorkflowPinnedToTheDefinition()
    {
        var started = await _engine.StartAsync(
            new StartFlowRequest("invoice.remind", new JsonObject { ["id"] = 7 }, "CH01", "INV-7", InstanceId: "remind-7"), default);

        Assert.Equal(new FlowInstanceRef("remind-7", "invoice.remind", 3), started);
        var (workflow, args, options) = Assert.Single(_server.Starts);
        Assert.Equal(nameof(FlowWorkflow), workflow);
        Assert.Equal("remind-7", options.Id);
        Assert.Equal("finance-default", options.TaskQueue);
        Assert.Equal(WorkflowIdReusePolicy.RejectDuplicate, options.IdReusePolicy);
        var input = Assert.IsType<FlowWorkflowInput>(Assert.Single(args));
        Assert.Equal(FlowJson.Serialize(Remind), input.DefinitionJson);
        Assert.Equal(("CH01", "INV-7", 3), (input.Company, input.CorrelationId, input.Version));
        Assert.Equal("notifications", input.ActivityQueues!["email.send"]);
    }

    [Fact]
    public async Task StartAsync_SameInstanceIdTwice_IsIdempotent()
    {
        var request = new StartFlowRequest("invoice.remind", InstanceId: "remind-8");

        await _engine.StartAsync(request, default);
        var again = await _engine.StartAsync(request, default);

        Assert.Equal("remind-8", again.InstanceId);
    }

    [Fact]
    public async Task SignalAsync_RunningInstance_SendsTheNamedSignalWithPayload()
    {
        _server.Workflows["i-1"] = WorkflowExecutionStatus.Running;

        await _engine.SignalAsync("i-1", "payment.received", new JsonObject { ["amount"] = 5 }, default);

        var (id, signal, args) = Assert.Single(_server.Signals);
        Assert.Equal(("i-1", "payment.received"), (id, signal));
        Assert.Equal(5, Assert.IsType<JsonObject>(Assert.Single(args))["amount"]!.GetValue<int>());
    }

    [Fact]
    public async Task SignalAsync_UnknownInstance_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<FlowInstanceNotFoundException>(() => _engine.SignalAsync("nope", "s", null, default));
    }

    [Fact]
    public async Task SignalAsync_CompletedInstance_ThrowsFinished()
    {
        _server.Workflows["done-1"] = WorkflowExecutionStatus.Completed;

        var e = await Assert.ThrowsAsync<FlowInstanceFinishedException>(() => _engine.SignalAsync("done-1", "s", null, default));

        Assert.Contains("completed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelAsync_FinishedOrUnknown_MapsLikeSignals()
    {
        _server.Workflows["failed-1"] = WorkflowExecutionStatus.Failed;

        await Assert.ThrowsAsync<FlowInstanceFinishedException>(() => _engine.CancelAsync("failed-1", "why", default));
        await Assert.ThrowsAsync<FlowInstanceNotFoundException>(() => _engine.CancelAsync("nope", "why", default));
    }

    private sealed class Resolver : IFlowDefinitionResolver
    {
        public Task<FlowDefinition> ResolveAsync(string flowId, int? version, CancellationToken cancellationToken) =>
            flowId == Remind.Id ? Task.FromResult(Remind) : throw new FlowNotFoundException(flowId);
    }

    private sealed class Mail : IFlowActivity
    {
        public string Name => "email.send";

        public string Queue => "notifications";

        public Task<JsonNode?> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) => Task.FromResult<JsonNode?>(null);
    }

    /// <summary>Answers like the frontend: NotFound for unknown ids and for signals or cancels to closed runs.</summary>
    private sealed class FakeServer : IClientInterceptor
    {
        public ITemporalClient Client { get; set; } = null!;

        public Dictionary<string, WorkflowExecutionStatus> Workflows { get; } = [];

        public List<(string Workflow, IReadOnlyCollection<object?> Args, WorkflowOptions Options)> Starts { get; } = [];

        public List<(string Id, string Signal, IReadOnlyCollection<object?> Args)> Signals { get; } = [];

        public ClientOutboundInterceptor InterceptClient(ClientOutboundInterceptor nextInterceptor) => new Outbound(this, nextInterceptor);

        private sealed class Outbound(FakeServer server, ClientOutboundInterceptor next) : ClientOutboundInterceptor(next)
        {
            public override Task<WorkflowHandle<TWorkflow, TResult>> StartWorkflowAsync<TWorkflow, TResult>(StartWorkflowInput input)
            {
                var id = input.Options.Id!;
                if (server.Workflows.ContainsKey(id))
                {
                    throw new WorkflowAlreadyStartedException("already started", id, input.Workflow, "run-0");
                }

                server.Workflows[id] = WorkflowExecutionStatus.Running;
                server.Starts.Add((input.Workflow, input.Args, input.Options));
                return Task.FromResult(new WorkflowHandle<TWorkflow, TResult>(server.Client, id, "run-1", null, "run-1"));
            }

            public override Task SignalWorkflowAsync(SignalWorkflowInput input)
            {
                Ensure(input.Id, running: true);
                server.Signals.Add((input.Id, input.Signal, input.Args));
                return Task.CompletedTask;
            }

            public override Task CancelWorkflowAsync(CancelWorkflowInput input)
            {
                Ensure(input.Id, running: true);
                return Task.CompletedTask;
            }

            public override Task<WorkflowExecutionDescription> DescribeWorkflowAsync(DescribeWorkflowInput input)
            {
                Ensure(input.Id, running: false);
                var response = new DescribeWorkflowExecutionResponse
                {
                    WorkflowExecutionInfo = new()
                    {
                        Execution = new() { WorkflowId = input.Id, RunId = "run-1" },
                        Type = new() { Name = nameof(FlowWorkflow) },
                        Status = server.Workflows[input.Id],
                        StartTime = Timestamp.FromDateTime(DateTime.UnixEpoch),
                        TaskQueue = "finance-default",
                    },
                };
                // The SDK keeps this constructor internal; only a server normally builds descriptions.
                var description = (WorkflowExecutionDescription)Activator.CreateInstance(
                    typeof(WorkflowExecutionDescription), BindingFlags.NonPublic | BindingFlags.Instance, null, [response, DataConverter.Default], null)!;
                return Task.FromResult(description);
            }

            private void Ensure(string id, bool running)
            {
                if (!server.Workflows.TryGetValue(id, out var status) || (running && status != WorkflowExecutionStatus.Running))
                {
                    throw new RpcException(RpcException.StatusCode.NotFound, "workflow execution not found or already completed", null);
                }
            }
        }
    }
}
