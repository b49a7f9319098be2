using Finance.Workflows.Definitions;
using Finance.Workflows.Schedules;
using Finance.Workflows.Model;
using Microsoft.Extensions.Hosting;

namespace Finance.Workflows.BuiltIn;

/// <summary>At start-up of every host that runs or starts flows (API, workers): publishes the built-in flows (FlowDefinition singletons) that are missing or changed, and creates
/// the built-in schedules (FlowSchedule singletons) that are missing.</summary>
internal sealed class BuiltInFlowsService(FlowDefinitionStore store, FlowScheduleStore scheduleStore, IEnumerable<FlowDefinition> builtIn,
    IEnumerable<FlowSchedule> schedules) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.EnsureBuiltInAsync(builtIn, cancellationToken);
        foreach (var schedule in schedules)
        {
            await scheduleStore.EnsureAsync(schedule, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
