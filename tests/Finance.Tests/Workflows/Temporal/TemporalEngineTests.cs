using System.Text.Json.Nodes;
using Finance.Tests.Infrastructure;
using Finance.Workflows.Activities;
using Finance.Workflows.Engines.Temporal;
using Finance.Workflows.Engines;
using Finance.Workflows.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Temporalio.Client.Schedules;
using Temporalio.Converters;
using Temporalio.Exceptions;
using Temporalio.Testing;
using RetryPolicy = Finance.Workflows.Model.RetryPolicy;

namespace Finance.Tests.Workflows.Temporal;

public class TemporalEngineTests
{
    [Fact]
    public void ToTemporal_StepPolicy_MapsEveryField()
    {
        var policy = new RetryPolicy(4, TimeSpan.FromSeconds(2), 3.0, TimeSpan.FromMinutes(1));

        var temporal = TemporalRetry.ToTemporal(policy);

        Assert.Equal(4, temporal.MaximumAttempts);
        Assert.Equal(TimeSpan.FromSeconds(2), temporal.InitialInterval);
        Assert.Equal(3.0f, temporal.BackoffCoefficient);
        Assert.Equal(TimeSpan.FromMinutes(1), temporal.MaximumInterval);
        Assert.Equal(["NonRetryableActivityException"], temporal.NonRetryableErrorTypes);
    }

    [Fact]
    public void ToTemporal_DefaultPolicy_IsFiniteWithTemporalIntervals()
    {
        var temporal = TemporalRetry.ToTemporal(RetryPolicy.Default);

        Assert.Equal(5, temporal.MaximumAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), temporal.InitialInterval);
        Assert.Equal(2.0f, temporal.BackoffCoefficient);
        Assert.Equal(TimeSpan.FromSeconds(100), temporal.MaximumInterval);
    }

    [Fact]
    public void ToTemporal_ZeroMaxAttempts_StaysUnlimited()
    {
        Assert.Equal(0, TemporalRetry.ToTemporal(new RetryPolicy(MaxAttempts: 0)).MaximumAttempts);
    }

    [Fact]
    public void Validate_Defaults_AreValidWithDesignQueues()
    {
        var options = new TemporalOptions();

        Assert.Empty(TemporalFlowEngineExtensions.Validate(options));
        Assert.Equal("localhost:7233", options.Address);
        Assert.Equal("default", options.Namespace);
        Assert.Equal("finance-ocr-processing", options.TaskQueue("ocr-processing"));
        Assert.Equal(5, options.Queues["invoice-processing"]);
        Assert.Equal(2, options.Queues["ocr-processing"]);
        Assert.Equal(1, options.Queues["reconciliation"]);
        Assert.Equal(10, options.Queues["notifications"]);
        Assert.Equal(3, options.Queues["sync"]);
    }

    [Theory]
    [InlineData("localhost", "Address")]
    [InlineData("localhost:notaport", "Address")]
    [InlineData(":7233", "Address")]
    public void Validate_BadAddress_IsReported(string address, string expected)
    {
        var errors = TemporalFlowEngineExtensions.Validate(new TemporalOptions { Address = address });

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ZeroConcurrencyOrNoDefaultQueue_IsReported()
    {
        var options = new TemporalOptions { Queues = new() { ["sync"] = 0 } };

        var errors = TemporalFlowEngineExtensions.Validate(options);

        Assert.Contains(errors, e => e.Contains("'sync' needs a concurrency", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("must include 'default'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EmptyNamespace_IsReported()
    {
        Assert.NotEmpty(TemporalFlowEngineExtensions.Validate(new TemporalOptions { Namespace = "" }));
    }

    [Fact]
    public void AddTemporalFlowEngine_Configured_RegistersEngineAndOneWorkerPerQueueWithoutConnecting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Temporal:Address"] = "temporal.example:7233",
            ["Temporal:TaskQueuePrefix"] = "acme-",
        });
        builder.Services.AddSingleton<IFlowDefinitionResolver>(new StaticResolver());
        builder.Services.AddSingleton<IFlowActivity>(new EchoActivity());

        builder.AddTemporalFlowEngine();
        using var host = builder.Build();

        Assert.IsType<TemporalFlowEngine>(host.Services.GetRequiredService<IFlowEngine>());
        Assert.Equal(6, host.Services.GetServices<IHostedService>().Count(s => s.GetType().Name.Contains("TemporalWorker", StringComparison.Ordinal)));
        Assert.NotNull(host.Services.GetRequiredService<TemporalScheduleSync>());
    }

    /// <summary>A Finance host (as the API and workers compose it) set to the Temporal engine; nothing connects while it is built.</summary>
    private static HostApplicationBuilder TemporalFinanceHost()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Workflows:Engine"] = "Temporal",
            ["ConnectionStrings:finance"] = "Host=127.0.0.1;Database=unused",
        });
        builder.AddFinanceDatabase("finance", maxPoolSize: 5);
        builder.AddFinanceModules();
        return builder;
    }

    [Fact]
    public void AddFinanceWorkflows_EngineTemporal_ApiGetsTheTemporalEngineAndNoWorkers()
    {
        using var host = TemporalFinanceHost().Build();

        Assert.IsType<TemporalFlowEngine>(host.Services.GetRequiredService<IFlowEngine>());
        Assert.IsType<Finance.Workflows.Definitions.FlowDefinitionStore>(host.Services.GetRequiredService<IFlowDefinitionResolver>());
        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s.GetType().Name.Contains("TemporalWorker", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s.GetType().Name == "TemporalScheduleSyncService");
    }

    [Fact]
    public void AddTemporalScheduleMirror_WorkerHost_MirrorsStoredSchedulesThroughTheScheduler()
    {
        var builder = TemporalFinanceHost();

        builder.AddTemporalScheduleMirror();
        using var host = builder.Build();

        // Resolving it proves its dependencies (the PostgreSQL schedule store, the Temporal sync) are all there; nothing connects.
        Assert.Single(host.Services.GetServices<IHostedService>(), s => s.GetType().Name == "TemporalScheduleSyncService");
    }

    [Fact]
    public void ToSchedule_FlowSchedule_IsCronInZurichStartingFlowWorkflowOnDefaultQueue()
    {
        var spec = new Finance.Workflows.Schedules.FlowSchedule("revolut-sync", "bank.revolut.sync", "*/15 * * * *",
            Input: new JsonObject { ["account"] = "CH01" }, Company: "LEXAIA");

        var schedule = TemporalScheduleSync.ToSchedule(spec, new TemporalOptions());

        Assert.Equal(["*/15 * * * *"], schedule.Spec.CronExpressions);
        Assert.Equal("Europe/Zurich", schedule.Spec.TimeZoneName);
        var action = Assert.IsType<ScheduleActionStartWorkflow>(schedule.Action);
        Assert.Equal(nameof(FlowWorkflow), action.Workflow);
        Assert.Equal("finance-default", action.Options.TaskQueue);
        var input = Assert.IsType<FlowWorkflowInput>(Assert.Single(action.Args));
        Assert.Equal("bank.revolut.sync", input.FlowId);
        Assert.Equal("LEXAIA", input.Company);
        Assert.Equal("CH01", (string?)input.Input?["account"]);
        Assert.Null(input.DefinitionJson);
    }

    [Fact]
    public async Task ExecuteAsync_CatalogActivity_DispatchesByActivityTypeWithAttemptAndKey()
    {
        var echo = new EchoActivity();
        var activities = new FlowActivities(new ActivityCatalog([echo]), new StaticResolver());
        var env = new ActivityEnvironment { Info = ActivityEnvironment.DefaultInfo with { ActivityType = "test.echo", Attempt = 3 } };
        var input = new FlowActivityInput("inst-9", "f", "steps[1]", "inst-9:steps[1]", new JsonObject { ["x"] = 1 }, "CH01");

        var result = await env.RunAsync(() => activities.ExecuteAsync([Raw(input)]));

        Assert.Equal(1, result!["x"]!.GetValue<int>());
        Assert.Equal(new ActivityContext("inst-9", "f", "steps[1]", "inst-9:steps[1]", 3, echo.Seen!.Input, "CH01"), echo.Seen);
    }

    [Fact]
    public async Task ExecuteAsync_NonRetryableActivityException_BecomesNonRetryableFailure()
    {
        var activities = new FlowActivities(new ActivityCatalog([new EchoActivity { Throw = true }]), new StaticResolver());
        var env = new ActivityEnvironment { Info = ActivityEnvironment.DefaultInfo with { ActivityType = "test.echo" } };
        var input = new FlowActivityInput("i", "f", "steps[0]", "i:steps[0]", [], null);

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => env.RunAsync(() => activities.ExecuteAsync([Raw(input)])));

        Assert.True(e.NonRetryable);
        Assert.Equal(TemporalRetry.NonRetryableErrorType, e.ErrorType);
    }

    [Fact]
    public async Task ExecuteAsync_UnknownActivityType_FailsNonRetryable()
    {
        var activities = new FlowActivities(new ActivityCatalog([]), new StaticResolver());
        var env = new ActivityEnvironment { Info = ActivityEnvironment.DefaultInfo with { ActivityType = "nope" } };

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => env.RunAsync(() => activities.ExecuteAsync([])));

        Assert.True(e.NonRetryable);
    }

    [Fact]
    public async Task ResolveDefinitionAsync_PublishedFlow_ReturnsJsonAndCatalogQueues()
    {
        var activities = new FlowActivities(new ActivityCatalog([new EchoActivity()]), new StaticResolver());

        var resolved = await new ActivityEnvironment().RunAsync(() => activities.ResolveDefinitionAsync("child", null));

        Assert.Equal("child", FlowJson.Deserialize(resolved.DefinitionJson).Id);
        Assert.Equal("notifications", resolved.ActivityQueues["test.echo"]);
    }

    private static RawValue Raw(object value) => new(DataConverter.Default.PayloadConverter.ToPayload(value));

    private sealed class EchoActivity : IFlowActivity
    {
        public string Name => "test.echo";

        public string Queue => "notifications";

        public bool Throw { get; init; }

        public ActivityContext? Seen { get; private set; }

        public Task<JsonNode?> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
        {
            Seen = context;
            return Throw
                ? throw new NonRetryableActivityException("bad input")
                : Task.FromResult<JsonNode?>(context.Input.DeepClone());
        }
    }

    private sealed class StaticResolver : IFlowDefinitionResolver
    {
        public Task<FlowDefinition> ResolveAsync(string flowId, int? version, CancellationToken cancellationToken) =>
            Task.FromResult(new FlowDefinition(flowId, version ?? 1, flowId, [new CompleteStep("done")]));
    }
}
