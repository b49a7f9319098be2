using Finance.Workflows.Engines.Temporal;
using Finance.Workflows;
using Microsoft.Extensions.Options;

namespace Finance.Workers.Flows;

public static class FlowWorkerExtensions
{
    /// <summary>
    /// The embedded engine's workers: one loop per configured queue (<c>Workflows:Queues</c>), the timer and schedule
    /// poller, the publication of built-in flows, and (on both engines) the flow start relay. Call after <c>AddFinanceWorkflows()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddFlowWorkers(this IHostApplicationBuilder builder)
    {
        // Both engines: flow starts written in a state change's transaction are made by the workers (flow_starts).
        builder.Services.AddOptions<FlowStartRelayOptions>()
            .BindConfiguration(FlowStartRelayOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddHostedService<FlowStartRelayService>();
        if (builder.UsesTemporal())
        {
            // Same definitions and activities; Temporal runs the workflows, timers and retries (DESIGN.md §3).
            builder.AddTemporalFlowWorkers();
            builder.AddTemporalScheduleMirror();
            return builder;
        }
        builder.Services.AddSingleton<FlowWorkSignal>();
        builder.Services.AddHostedService<FlowWorkListener>();
        builder.Services.AddHostedService<FlowTimerService>();
        builder.Services.AddHostedService<FlowQueueGauges>();
        // Before the queue workers: hosted services stop in reverse order, so leases are kept until the last outcome is in.
        builder.Services.AddHostedService<FlowLeaseHeartbeatService>();
        builder.Services.AddSingleton<FlowQueueWorkers>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FlowQueueWorkers>());
        return builder;
    }

    /// <summary>Starts a <see cref="FlowQueueWorker"/> per queue; the queue list is only known once options are bound.</summary>
    private sealed class FlowQueueWorkers(IServiceProvider services, IOptions<FlowEngineOptions> options) : IHostedService
    {
        private readonly List<FlowQueueWorker> _workers = [];

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            foreach (var (queue, concurrency) in options.Value.Queues)
            {
                var worker = ActivatorUtilities.CreateInstance<FlowQueueWorker>(services, queue, concurrency);
                _workers.Add(worker);
                await worker.StartAsync(cancellationToken);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.WhenAll(_workers.Select(w => w.StopAsync(cancellationToken)));
    }
}
