using System.Text.Json.Nodes;
using Finance.Tests.Infrastructure;
using Finance.Workflows.Engines.Temporal;
using Finance.Workflows.Invoicing;
using Finance.Workflows.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace Finance.Tests.Workflows.Golden;

/// <summary>
/// The checked-in histories of real runs (<see cref="GoldenRecordingTests"/>) replayed through today's interpreter and
/// today's <see cref="FlowWorkflow"/>: a change that would break running instances fails here. And the guard: a built-in
/// flow changed without a new version fails with what to do.
/// </summary>
public sealed class GoldenReplayTests
{
    public static TheoryData<string> Goldens() => [.. GoldenRun.Names()];

    [Fact]
    public void Goldens_CoverEveryBuiltInFlowAndEveryEventKind()
    {
        var all = GoldenRun.All().ToList();

        Assert.All(BuiltInFlows(), flow => Assert.Contains(all, g => g.FlowId == flow.Id));
        var kinds = all.SelectMany(g => g.Journal).Select(r => (string)r.Event["type"]!).ToHashSet();
        Assert.Superset(new HashSet<string> { "started", "activityCompleted", "activityFailed", "timerFired", "signalReceived", "cancelRequested" }, kinds);
        var commands = all.SelectMany(g => g.Commands).SelectMany(c => c).Select(c => (string)c!["type"]!).ToHashSet();
        Assert.Superset(new HashSet<string> { "scheduleActivity", "startTimer", "cancelTimer", "awaitSignal", "startChildFlow", "completeFlow", "failFlow", "cancelFlow" }, commands);
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Interpreter_GoldenRun_ReproducesTheRecordedCommandsAndState(string name)
    {
        var golden = GoldenRun.Load(name);
        Assert.Null(GoldenGuard.CheckIntegrity(golden));

        Assert.Null(Divergence(golden, golden.ParsedDefinition()));
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public async Task Temporal_GoldenHistory_ReplaysAgainstFlowWorkflow(string name)
    {
        var golden = GoldenRun.Load(name);

        var result = await Replayer().ReplayWorkflowAsync(WorkflowHistory.FromJson(golden.InstanceId, golden.HistoryJson()));

        Assert.Null(result.ReplayFailure);
    }

    [Fact]
    public void BuiltInFlows_EachMatchesTheGoldenHistoriesOfItsVersion()
    {
        var goldens = GoldenRun.All().ToList();

        var problems = BuiltInFlows().Select(flow => GoldenGuard.Check(flow, goldens)).OfType<string>().ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Guard_DefinitionChangedUnderTheSameVersion_SaysPublishTheNextVersion()
    {
        var dunning = BuiltInFlows().Single(f => f.Id == InvoiceFlows.DunningId);
        var edited = dunning with { Name = dunning.Name + " (edited)" };

        var message = GoldenGuard.Check(edited, GoldenRun.All());

        Assert.NotNull(message);
        Assert.StartsWith($"flow invoice.dunning version {dunning.Version} changed since its golden history (invoice.dunning.v{dunning.Version}.", message, StringComparison.Ordinal);
        Assert.EndsWith($"); publish version {dunning.Version + 1}", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Guard_NewVersionWithoutGoldenHistory_SaysRecordIt()
    {
        var markPaid = BuiltInFlows().Single(f => f.Id == InvoiceFlows.MarkPaidId);
        var next = markPaid with { Version = markPaid.Version + 1 };

        Assert.Equal($"flow invoice.mark-paid version {next.Version} has no golden history; record one with FINANCE_REGENERATE_GOLDEN=1",
            GoldenGuard.Check(next, GoldenRun.All()));
    }

    [Fact]
    public void Interpreter_GoldenRunWithChangedDefinition_Diverges()
    {
        var golden = GoldenRun.Load(GoldenRun.FileName(InvoiceFlows.DunningId, 1, "three-reminders"));
        var cheaper = Mutate(golden.ParsedDefinition(), "\"fee\":\"20\"", "\"fee\":\"15\"");

        Assert.Contains("commands differ at event 3 (TimerFired)", Divergence(golden, cheaper), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Temporal_GoldenHistoryWithChangedDefinition_FailsWithNondeterminism()
    {
        var golden = GoldenRun.Load(GoldenRun.FileName(InvoiceFlows.DunningId, 1, "three-reminders"));
        var history = WorkflowHistory.FromJson(golden.InstanceId, golden.HistoryJson());
        var renamed = Mutate(golden.ParsedDefinition(), "\"invoice.send-reminder\"", "\"invoice.send-reminder-v2\"");

        var e = await Assert.ThrowsAsync<WorkflowNondeterminismException>(
            () => Replayer().ReplayWorkflowAsync(Temporal.JournalToHistory.WithDefinition(history, renamed)));

        Assert.Contains("invoice.send-reminder-v2", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Null when <paramref name="definition"/> replays the golden journal to the recorded commands and state.</summary>
    private static string? Divergence(GoldenRun golden, FlowDefinition definition)
    {
        var events = golden.Events();
        var (commands, state) = GoldenRun.Replay(definition, golden.InstanceId, events);
        for (var i = 0; i < Math.Max(commands.Count, golden.Commands.Count); i++)
        {
            if (i >= commands.Count || i >= golden.Commands.Count || !JsonNode.DeepEquals(commands[i], golden.Commands[i]))
            {
                return $"""
                    {golden.Name}: the interpreter's commands differ at event {i} ({events.ElementAtOrDefault(i)?.GetType().Name}), so
                    running instances of {golden.FlowId} v{golden.Version} would break.
                    recorded: {golden.Commands.ElementAtOrDefault(i)?.ToJsonString()}
                    now:      {commands.ElementAtOrDefault(i)?.ToJsonString()}
                    """;
            }
        }

        var now = GoldenRun.ToNode(state);
        return JsonNode.DeepEquals(now, golden.State)
            ? null
            : $"{golden.Name}: the state after the replay differs at the end\nrecorded: {golden.State.ToJsonString()}\nnow:      {now.ToJsonString()}";
    }

    private static FlowDefinition Mutate(FlowDefinition definition, string from, string to)
    {
        var json = FlowJson.Serialize(definition);
        Assert.Contains(from, json, StringComparison.Ordinal);
        return FlowJson.Deserialize(json.Replace(from, to, StringComparison.Ordinal));
    }

    private static WorkflowReplayer Replayer() => new(new WorkflowReplayerOptions().AddWorkflow<FlowWorkflow>());

    /// <summary>The built-in flows as the hosts register them (every capability's, not a list kept here).</summary>
    private static List<FlowDefinition> BuiltInFlows()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:finance"] = "Host=127.0.0.1;Database=unused" });
        builder.AddFinanceDatabase("finance", maxPoolSize: 1);
        builder.AddFinanceModules();
        using var host = builder.Build();
        return [.. host.Services.GetServices<FlowDefinition>()];
    }
}
