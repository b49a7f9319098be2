using Finance.Core.Companies;
using System.ComponentModel.DataAnnotations;
using Finance.Workflows.Activities;
using Finance.Workflows.Runs;
using Finance.Workflows.Schedules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Temporalio.Extensions.Hosting;

namespace Finance.Workflows.Engines.Temporal;

public static class TemporalFlowEngineExtensions
{
    /// <summary>
    /// Registers <see cref="TemporalFlowEngine"/> as <see cref="IFlowEngine"/> (with <see cref="TemporalFlowInstances"/> and
    /// <see cref="TemporalFlowSchedules"/> as the read and admin side), a lazy Temporal client and
    /// <see cref="TemporalScheduleSync"/>; with <paramref name="runWorkers"/> also one hosted worker per queue (task queue
    /// <c>{prefix}{queue}</c>, its concurrency as max concurrent activities; the <c>default</c> queue also runs
    /// <see cref="FlowWorkflow"/>). The API starts and signals only; Finance.Workers runs the workers.
    /// The host must register the <see cref="IFlowActivity"/> implementations and an <see cref="IFlowDefinitionResolver"/>.
    /// </summary>
    public static IHostApplicationBuilder AddTemporalFlowEngine(this IHostApplicationBuilder builder, bool runWorkers = true)
    {
        var services = builder.Services;
        services.AddOptions<TemporalOptions>()
            .BindConfiguration(TemporalOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Read now: the client is configured before the container exists.
        var options = builder.Configuration.GetSection(TemporalOptions.SectionName).Get<TemporalOptions>() ?? new TemporalOptions();
        services.AddTemporalClient(o =>
        {
            o.TargetHost = options.Address;
            o.Namespace = options.Namespace;
        });
        services.TryAddSingleton(sp => new ActivityCatalog(sp.GetServices<IFlowActivity>(), sp.GetService<CompanyResources>()));
        services.AddSingleton<IFlowEngine, TemporalFlowEngine>();
        services.AddSingleton<IFlowInstances, TemporalFlowInstances>();
        services.AddSingleton<IFlowSchedules, TemporalFlowSchedules>();
        services.AddSingleton<TemporalScheduleSync>();

        if (runWorkers)
        {
            builder.AddTemporalFlowWorkers();
        }

        return builder;
    }

    /// <summary>One hosted Temporal worker per queue; the <c>default</c> queue also runs <see cref="FlowWorkflow"/>.</summary>
    public static IHostApplicationBuilder AddTemporalFlowWorkers(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TemporalOptions.SectionName).Get<TemporalOptions>() ?? new TemporalOptions();
        foreach (var (queue, concurrency) in options.Queues)
        {
            var worker = builder.Services.AddHostedTemporalWorker(options.TaskQueue(queue))
                .AddScopedActivities<FlowActivities>()
                .ConfigureOptions(o => o.MaxConcurrentActivities = concurrency);
            if (queue == FlowEngineOptions.DefaultQueue)
            {
                worker.AddWorkflow<FlowWorkflow>();
            }
        }
        return builder;
    }

    /// <summary>
    /// Mirrors the flow schedules stored in PostgreSQL (the built-in ones included) as Temporal Schedules when the host
    /// starts. Needs <c>AddFinanceWorkflows()</c> (for <see cref="Schedules.FlowScheduleStore"/>) and the Temporal engine.
    /// </summary>
    public static IHostApplicationBuilder AddTemporalScheduleMirror(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<TemporalScheduleSyncService>();
        return builder;
    }

    /// <summary>Options are validated on start; this checks them now (for tests and tools).</summary>
    public static IReadOnlyList<string> Validate(TemporalOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage ?? "invalid")];
    }
}
