using Finance.Workflows.Schedules;
using Finance.Workflows.Definitions;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Finance.Tests.Infrastructure;
using Finance.Workflows.Activities;
using Finance.Workflows.Engines.Embedded;
using Finance.Workflows.Engines;
using Finance.Workflows.Model;
using Finance.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Finance.Tests.Workflows.Embedded;

/// <summary>
/// The embedded engine in-process over a real database, with a <see cref="FakeTimeProvider"/> (or the system clock) and
/// the work loops driven by the test (<see cref="DrainAsync()"/>) so every step is deterministic.
/// </summary>
public sealed class FlowHarness : IDisposable
{
    private readonly IHost _host;

    private FlowHarness(IHost host, TimeProvider time)
    {
        _host = host;
        Time = time;
    }

    public TimeProvider Time { get; }

    public FakeTimeProvider FakeTime => (FakeTimeProvider)Time;

    public EmbeddedFlowEngine Engine => _host.Services.GetRequiredService<EmbeddedFlowEngine>();

    public FlowDefinitionStore Definitions => _host.Services.GetRequiredService<FlowDefinitionStore>();

    public FlowWorkRunner Runner => _host.Services.GetRequiredService<FlowWorkRunner>();

    public FlowTimers Timers => _host.Services.GetRequiredService<FlowTimers>();

    public FlowLeaseHeartbeat Heartbeat => _host.Services.GetRequiredService<FlowLeaseHeartbeat>();

    public FlowScheduler Scheduler => _host.Services.GetRequiredService<FlowScheduler>();
    public FlowScheduleStore ScheduleStore => _host.Services.GetRequiredService<FlowScheduleStore>();
    public IFlowSchedules Schedules => _host.Services.GetRequiredService<IFlowSchedules>();

    public FlowQueries Queries => _host.Services.GetRequiredService<FlowQueries>();

    public NpgsqlDataSource DataSource => _host.Services.GetRequiredService<NpgsqlDataSource>();

    public static FlowHarness Create(
        NpgsqlDataSource dataSource, TimeProvider? time = null, TimeSpan? leaseDuration = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Workflows:EnableDiagnosticActivities"] = "true",
            ["Workflows:LeaseDuration"] = (leaseDuration ?? TimeSpan.FromMinutes(5)).ToString(),
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddSingleton<IFlowActivity, FlakyActivity>();
        builder.Services.AddLogging();
        builder.AddFinanceModules();
        return new FlowHarness(builder.Build(), time);
    }

    /// <summary>Saves and publishes a definition (a new version of its id); returns the published definition.</summary>
    public async Task<FlowDefinition> PublishAsync(FlowDefinition definition)
    {
        var draft = await Definitions.SaveDraftAsync(FlowJson.Serialize(definition), CancellationToken.None);
        return (await Definitions.PublishAsync(draft.DefinitionId, draft.Version, CancellationToken.None)).Definition;
    }

    /// <summary>Runs due activities on every queue and fires due timers until nothing is due at the current (fake) time.</summary>
    public Task<int> DrainAsync() => DrainAsync(_host.Services);

    /// <summary>
    /// <see cref="DrainAsync()"/> for any host of the embedded engine (this harness's, the API's): returns how many flow starts,
    /// activities and timers ran; throws if work still comes after 200 rounds.
    /// </summary>
    public static async Task<int> DrainAsync(IServiceProvider services)
    {
        var starts = services.GetRequiredService<FlowStartRelay>();
        var runner = services.GetRequiredService<FlowWorkRunner>();
        var timers = services.GetRequiredService<FlowTimers>();
        var queues = services.GetRequiredService<IOptions<FlowEngineOptions>>().Value.Queues.Keys.ToList();
        var total = 0;
        for (var round = 0; round < 200; round++)
        {
            // What the workers' relay does: the starts a state change wrote in its transaction (a payment's invoice.mark-paid).
            var ran = await starts.RelayBatchAsync(100, CancellationToken.None);
            ran += await timers.FireDueAsync(100, CancellationToken.None);
            foreach (var queue in queues)
            {
                ran += await runner.RunOnceAsync(queue, 50, CancellationToken.None);
            }

            if (ran == 0)
            {
                return total;
            }

            total += ran;
        }

        throw new InvalidOperationException("Work kept coming after 200 rounds.");
    }

    public async Task<FlowInstanceDetails> InstanceAsync(string id) =>
        await Queries.GetInstanceAsync(id, CancellationToken.None) ?? throw new InvalidOperationException($"No instance {id}.");

    public void Dispose() => _host.Dispose();

    public static string NewFlowId(string name) => $"test.{name}.{Guid.NewGuid():N}"[..40];
}

/// <summary>
/// <c>test.flaky</c> (test project only): fails the first <c>failures</c> executions per idempotency key (input), then
/// returns <c>{ executions }</c>; <c>nonRetryable: true</c> fails for good. Every context it saw is kept for assertions.
/// </summary>
public sealed class FlakyActivity : IFlowActivity
{
    public static ConcurrentDictionary<string, ConcurrentQueue<ActivityContext>> Seen { get; } = new();

    public string Name => "test.flaky";

    public string Queue => "default";

    public Task<JsonNode?> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var seen = Seen.GetOrAdd(context.IdempotencyKey, _ => new ConcurrentQueue<ActivityContext>());
        seen.Enqueue(context);
        if ((bool?)context.Input["nonRetryable"] == true)
        {
            throw new NonRetryableActivityException("bad input, retrying cannot help");
        }

        return seen.Count <= ((int?)context.Input["failures"] ?? 0)
            ? throw new InvalidOperationException($"flaky failure #{seen.Count}")
            : Task.FromResult<JsonNode?>(new JsonObject { ["executions"] = seen.Count });
    }
}
