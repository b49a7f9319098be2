using Finance.Workflows.Engines.Embedded;
using Finance.Workflows.Model;

namespace Finance.Workers.Flows;

/// <summary>At start-up, publishes the built-in flows (FlowDefinition singletons) that are missing or changed.</summary>
internal sealed class BuiltInFlowsService(FlowDefinitionStore store, IEnumerable<FlowDefinition> builtIn) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.EnsureBuiltInAsync(builtIn, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
