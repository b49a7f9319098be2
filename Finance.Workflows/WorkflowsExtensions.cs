using Finance.Core.Events;
using Finance.Workflows;
using Finance.Workflows.Activities;
using Finance.Workflows.Activities.Diagnostics;
using Finance.Workflows.Engines;
using Finance.Workflows.Engines.Embedded;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

public static class WorkflowsExtensions
{
    /// <summary>
    /// Registers the flow engine chosen by <c>Workflows:Engine</c> (default <c>Embedded</c>) as <see cref="IFlowEngine"/>, the
    /// activity catalog (every <see cref="IFlowActivity"/> in DI), the definition store and the read side. Needs an
    /// <c>NpgsqlDataSource</c> and <c>AddFinanceCore()</c>. Built-in flows are registered as <c>FlowDefinition</c> singletons.
    /// </summary>
    public static IHostApplicationBuilder AddFinanceWorkflows(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<WorkflowOptions>()
            .BindConfiguration(WorkflowOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WorkflowOptions>, WorkflowOptionsValidator>();

        if (builder.Configuration.GetValue<bool>($"{WorkflowOptions.SectionName}:{nameof(WorkflowOptions.EnableDiagnosticActivities)}"))
        {
            builder.Services.AddSingleton<IFlowActivity, RecordActivity>();
            builder.Services.AddSingleton<IFlowActivity, SleepActivity>();
            builder.Services.AddSingleton<IFlowActivity, FailActivity>();
            builder.Services.AddSingleton<IFlowActivity, NoopActivity>();
        }

        builder.Services.AddSingleton(sp => new ActivityCatalog(sp.GetServices<IFlowActivity>()));
        builder.Services.AddSingleton<FlowDefinitionStore>();
        builder.Services.AddSingleton<FlowQueries>();

        // The embedded engine's parts are always there: definitions, schedules and queues live in PostgreSQL either way.
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<FlowRuntime>(sp));
        // Explicit factories: these constructors are internal (FlowRuntime is not part of the public surface).
        builder.Services.AddSingleton(sp => new EmbeddedFlowEngine(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<FlowRuntime>()));
        builder.Services.AddSingleton(sp => new FlowWorkRunner(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<FlowRuntime>(),
            sp.GetRequiredService<ActivityCatalog>(), sp.GetRequiredService<OutboxWriter>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<WorkflowOptions>>(), sp.GetRequiredService<ILogger<FlowWorkRunner>>()));
        builder.Services.AddSingleton(sp => new FlowScheduler(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<FlowRuntime>(),
            sp.GetRequiredService<TimeProvider>()));

        var engine = builder.Configuration[$"{WorkflowOptions.SectionName}:{nameof(WorkflowOptions.Engine)}"] ?? "Embedded";
        switch (engine)
        {
            case "Embedded":
                builder.Services.AddSingleton<IFlowEngine>(sp => sp.GetRequiredService<EmbeddedFlowEngine>());
                break;
            case "Temporal":
                // HOOK for Engines/Temporal (written separately): it registers IFlowEngine, its worker and FlowWorkflow, e.g.
                // builder.AddTemporalFlowEngine(); until then choosing it fails at start-up rather than at the first flow.
                throw new NotSupportedException("Workflows:Engine=Temporal: the Temporal engine is not wired in yet (see WorkflowsExtensions).");
            default:
                throw new InvalidOperationException($"Workflows:Engine must be Embedded or Temporal, not '{engine}'.");
        }

        return builder;
    }
}
