using Finance.Workflows.Definitions;
using System.Diagnostics;
using System.Globalization;
using Finance.Workflows.Builder;
using Finance.Workflows.Engines;
using Finance.Workflows.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Finance.Bench;

/// <summary>
/// The embedded engine: COUNT flows of STEPS trivial activities (diag.noop), started by 16 concurrent callers while
/// Finance.Workers (a separate process, started by bench/flows/run.sh) runs them. Figures come from the database:
/// steps/s from the first instance created to the last finished, enqueue→start latency from each work item's
/// created_at → leased_at.
/// </summary>
internal static class FlowsBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (connectionString, count, steps) = (args[0], int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Workflows:EnableDiagnosticActivities"] = "true" });
        builder.Services.AddSingleton(NpgsqlDataSource.Create(connectionString));
        builder.AddFinanceCore();
        builder.AddFinanceWorkflows();
        builder.AddInvoicing();
        builder.AddNotifications();
        builder.AddPayables();
        builder.AddBanking();
        using var host = builder.Build();
        var store = host.Services.GetRequiredService<FlowDefinitionStore>();
        var engine = host.Services.GetRequiredService<IFlowEngine>();
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();

        var flowId = $"bench.steps{steps}.{DateTime.UtcNow:HHmmssfff}";
        var definition = Flow.Define(flowId, $"{steps} trivial steps");
        for (var i = 0; i < steps; i++)
        {
            definition.Activity($"s{i}", "diag.noop");
        }

        var draft = await store.SaveDraftAsync(FlowJson.Serialize(definition.Build()), CancellationToken.None);
        await store.PublishAsync(draft.DefinitionId, draft.Version, CancellationToken.None);

        // Paced (args[3] == "paced"): one start every 10 ms, so latency is the engine's own, not a backlog's queueing time.
        var paced = args.Length > 3 && args[3] == "paced";
        var clock = Stopwatch.StartNew();
        if (paced)
        {
            for (var i = 0; i < count; i++)
            {
                await engine.StartAsync(new StartFlowRequest(flowId), CancellationToken.None);
                await Task.Delay(10);
            }
        }
        else
        {
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, ct) =>
                await engine.StartAsync(new StartFlowRequest(flowId), ct));
        }

        var startSeconds = clock.Elapsed.TotalSeconds;

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var completed = new NpgsqlCommand("SELECT count(*) FROM flow_instances WHERE flow_id = @flowId AND status = 'completed'", connection);
        completed.Parameters.AddWithValue("flowId", flowId);
        while ((long)(await completed.ExecuteScalarAsync())! < count)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException("Flows did not complete within 5 minutes.");
            }

            await Task.Delay(50);
        }

        await using var query = new NpgsqlCommand("""
            SELECT (SELECT extract(epoch FROM max(finished_at) - min(created_at)) FROM flow_instances WHERE flow_id = @flowId)::float8,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM w.leased_at - w.created_at) * 1000)::float8,
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM w.leased_at - w.created_at) * 1000)::float8
            FROM flow_work_items w JOIN flow_instances i ON i.id = w.instance_id
            WHERE i.flow_id = @flowId AND w.kind = 'activity'
            """, connection);
        query.Parameters.AddWithValue("flowId", flowId);
        await using var reader = await query.ExecuteReaderAsync();
        await reader.ReadAsync();
        var figures = (Seconds: reader.GetDouble(0), P50: reader.GetDouble(1), P99: reader.GetDouble(2));
        var prefix = paced ? $"engine_paced_{steps}step" : $"engine_{steps}step";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{prefix}_steps_per_s={count * steps / figures.Seconds:F1} {prefix}_flows_per_s={count / figures.Seconds:F1} " +
            $"{prefix}_p50_ms={figures.P50:F1} {prefix}_p99_ms={figures.P99:F1} {prefix}_start_calls_per_s={count / startSeconds:F1}"));
        return 0;
    }
}
