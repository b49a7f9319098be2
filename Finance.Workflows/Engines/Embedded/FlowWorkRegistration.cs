using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Finance.Workflows.Engines.Embedded;

internal static class FlowWorkRegistration
{
    /// <summary>
    /// The embedded engine's worker parts, one per job: leasing, running a step, recording outcomes, timers, and the lease
    /// heartbeat whose loop the worker host runs.
    /// </summary>
    public static IServiceCollection AddEmbeddedFlowWork(this IServiceCollection services)
    {
        services.AddSingleton<FlowLeases>();
        services.AddSingleton<FlowLeaseHeartbeat>();
        services.AddSingleton<FlowActivityRunner>();
        services.AddSingleton<FlowOutcomeRecorder>();
        // Explicit factories: these constructors are internal (they take the engine's internal parts).
        services.AddSingleton(sp => new FlowWorkRunner(sp.GetRequiredService<FlowLeases>(), sp.GetRequiredService<FlowActivityRunner>(),
            sp.GetRequiredService<FlowOutcomeRecorder>()));
        services.AddSingleton(sp => new FlowTimers(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<FlowRuntime>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<FlowTimers>>()));
        return services;
    }
}
