using Finance.Workflows.Definitions;
using System.Text.Json.Nodes;
using Finance.Tests.Workflows.Temporal;
using Finance.Workflows.Activities;
using Finance.Workflows.Engines.Embedded;
using Finance.Workflows.Model;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Worker;
using Finance.Workflows.Engines.Temporal;

namespace Finance.Tests.Workflows.Golden;

/// <summary>
/// Turns a finished (or waiting) real instance of the embedded engine into a <see cref="GoldenRun"/>, then either rewrites
/// its golden files (<c>FINANCE_REGENERATE_GOLDEN=1</c>) or checks the run still has the shape its golden file recorded.
/// </summary>
internal static class GoldenRecorder
{
    public static async Task RecordAsync(IServiceProvider services, string instanceId, string scenario)
    {
        var details = await services.GetRequiredService<FlowQueries>().GetInstanceAsync(instanceId, CancellationToken.None)
            ?? throw new InvalidOperationException($"No instance {instanceId}.");
        var (flowId, version) = (details.Instance.FlowId, details.Instance.Version);
        var code = services.GetServices<FlowDefinition>().Single(d => d.Id == flowId);
        Assert.True(code.Version == version,
            $"{flowId}: the database runs version {version}, the code declares version {code.Version}; record on a fresh database.");
        var definition = (await services.GetRequiredService<FlowDefinitionStore>().GetAsync(flowId, version, CancellationToken.None))!.Definition;

        var rows = details.Journal.Select(j => new GoldenJournalRow(j.Seq, j.Kind, JsonNode.Parse(j.EventJson)!)).ToList();
        var events = JournalFold.Events(details.Journal.Select(j => (j.Kind, j.EventJson)));
        var (commands, state) = GoldenRun.Replay(definition, instanceId, events);
        var stored = JsonNode.Parse(details.StateJson)!;
        Assert.True(JsonNode.DeepEquals(GoldenRun.ToNode(state), stored),
            $"Replaying {instanceId}'s journal does not give the state the engine stored:\n{GoldenRun.ToNode(state)}\n{stored}");

        var run = new GoldenRun(flowId, version, GoldenRun.Hash(definition), scenario, instanceId, details.Instance.Status,
            JsonNode.Parse(FlowJson.Serialize(definition))!, rows, commands, stored);
        var history = JournalToHistory.Build(definition, instanceId, events, services.GetRequiredService<ActivityCatalog>().Queues);
        // A history that does not replay today proves nothing tomorrow.
        var replayed = await new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<FlowWorkflow>()).ReplayWorkflowAsync(history);
        Assert.Null(replayed.ReplayFailure);

        var existing = GoldenRun.Exists(run.Name) ? GoldenRun.Load(run.Name) : null;
        if (existing is not null && existing.DefinitionSha256 != run.DefinitionSha256)
        {
            // Regenerating must not launder a changed definition into the old version's history.
            Assert.Fail(GoldenGuard.Check(definition, [existing]) ?? "changed definition");
        }

        if (GoldenRun.Regenerate)
        {
            run.Save(history.ToJson());
            return;
        }

        Assert.True(existing is not null, $"No golden history {run.Name}.json: record it with {GoldenRun.RegenerateVariable}=1.");
        Assert.True(Shape(existing).SequenceEqual(Shape(run)),
            $"""
            The real run of {flowId} v{version} ({scenario}) no longer has the shape of {run.Name}.json.
            golden: {string.Join(" ", Shape(existing))}
            now:    {string.Join(" ", Shape(run))}
            If the engine changed on purpose, regenerate with {GoldenRun.RegenerateVariable}=1 (the old file still replays until then).
            """);
    }

    /// <summary>What a rerun must reproduce: journal kinds and event types, command types and targets, the final status.</summary>
    public static IEnumerable<string> Shape(GoldenRun run) =>
    [
        .. run.Journal.Select(r => $"{r.Kind}:{r.Event["type"]}"),
        "=>",
        .. run.Commands.Select(c => "[" + string.Join(",", c.Select(Command)) + "]"),
        run.Status,
    ];

    private static string Command(JsonNode? c) =>
        $"{c!["type"]}:{c["activityName"] ?? c["timerId"] ?? c["name"] ?? c["flowId"]}";
}
