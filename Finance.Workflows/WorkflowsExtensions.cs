using Finance.Workflows.Definitions;
using Finance.Core.Companies;
using Finance.Workflows;
using Finance.Workflows.Activities;
using Finance.Workflows.BuiltIn;
using Finance.Workflows.Activities.Diagnostics;
using Finance.Workflows.Engines;
using Finance.Workflows.Engines.Embedded;
using Finance.Workflows.Engines.Temporal;
using Finance.Workflows.Runs;
using Finance.Workflows.Schedules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

public static class WorkflowsExtensions
{
    /// <summary>
    /// Registers the flow engine chosen by <c>Workflows:Engine</c> (default <c>Embedded</c>) as <see cref="IFlowEngine"/>, the
    /// activity catalog (every <see cref="IFlowActivity"/> in DI), the definition and schedule stores, the engine's read and admin
    /// side (<see cref="IFlowInstances"/>, <see cref="IFlowSchedules"/>) and the engine's migrations (0200–0299). Needs an
    /// <c>NpgsqlDataSource</c> and <c>AddFinanceCore()</c>. Capabilities add their built-in flows as <c>FlowDefinition</c> (and
    /// <c>FlowSchedule</c>) singletons, which every host publishes at start.
    /// </summary>
    public static IHostApplicationBuilder AddFinanceWorkflows(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddFinanceMigrations("flows", typeof(WorkflowsExtensions).Assembly, "Finance.Workflows.Data.Migrations.", 200, 299);
        builder.Services.AddOptions<FlowEngineOptions>()
            .BindConfiguration(FlowEngineOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<FlowEngineOptions>, FlowEngineOptionsValidator>();

        if (builder.Configuration.GetValue<bool>($"{FlowEngineOptions.SectionName}:{nameof(FlowEngineOptions.EnableDiagnosticActivities)}"))
        {
            builder.Services.AddSingleton<IFlowActivity, RecordActivity>();
            builder.Services.AddSingleton<IFlowActivity, SleepActivity>();
            builder.Services.AddSingleton<IFlowActivity, FailActivity>();
            builder.Services.AddSingleton<IFlowActivity, NoopActivity>();
        }

        builder.Services.AddSingleton<IFlowActivity, FlowSignalActivity>();
        builder.Services.AddHostedService<BuiltInFlowsService>();
        builder.AddFlowHttp();
        builder.Services.AddSingleton<ICompanyResource, FlowInstanceResource>();
        builder.Services.AddSingleton(sp => new ActivityCatalog(sp.GetServices<IFlowActivity>(), sp.GetService<CompanyResources>()));
        builder.Services.AddSingleton<FlowDefinitionStore>();
        builder.Services.AddSingleton<IFlowDefinitionResolver>(sp => sp.GetRequiredService<FlowDefinitionStore>());
        builder.Services.AddSingleton<FlowQueries>();
        builder.Services.AddSingleton<FlowScheduleStore>();
        builder.Services.AddSingleton<FlowStartOutbox>();
        builder.Services.AddSingleton<FlowStartRelay>();

        // The embedded engine's parts are always there: definitions, schedules and queues live in PostgreSQL either way.
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<FlowRuntime>(sp));
        // Explicit factories: these constructors are internal (FlowRuntime is not part of the public surface).
        builder.Services.AddSingleton(sp => new EmbeddedFlowEngine(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<FlowRuntime>()));
        builder.Services.AddEmbeddedFlowWork();
        builder.Services.AddSingleton(sp => new FlowScheduler(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<FlowRuntime>(),
            sp.GetRequiredService<TimeProvider>()));

        var engine = EngineName(builder);
        switch (engine)
        {
            case "Embedded":
                builder.Services.AddSingleton<IFlowEngine>(sp => sp.GetRequiredService<EmbeddedFlowEngine>());
                builder.Services.AddSingleton<IFlowInstances, EmbeddedFlowInstances>();
                builder.Services.AddSingleton<IFlowSchedules, StoredFlowSchedules>();
                break;
            case "Temporal":
                // Temporal workers run in Finance.Workers only (AddFlowWorkers); every other host just starts and signals.
                builder.AddTemporalFlowEngine(runWorkers: false);
                break;
            default:
                throw new InvalidOperationException($"Workflows:Engine must be Embedded or Temporal, not '{engine}'.");
        }

        return builder;
    }

    /// <summary>True when <c>Workflows:Engine</c> selects Temporal.</summary>
    public static bool UsesTemporal(this IHostApplicationBuilder builder) => EngineName(builder) == "Temporal";

    private static string EngineName(IHostApplicationBuilder builder) =>
        builder.Configuration[$"{FlowEngineOptions.SectionName}:{nameof(FlowEngineOptions.Engine)}"] ?? "Embedded";
}
