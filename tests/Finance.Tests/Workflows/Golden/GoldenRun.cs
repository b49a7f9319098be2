using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Finance.Tests.Infrastructure;
using Finance.Workflows.Engines.Embedded;
using Finance.Workflows.Interpreter;
using Finance.Workflows.Model;

namespace Finance.Tests.Workflows.Golden;

/// <summary>One journal row exactly as the embedded engine wrote it: <c>event</c> (a FlowEvent) or <c>engine</c> (a note).</summary>
public sealed record GoldenJournalRow(int Seq, string Kind, JsonNode Event);

/// <summary>
/// A real run of a built-in flow on the embedded engine, checked in under <c>Golden/</c> (STYLE.md 19, DESIGN.md §3): the
/// definition it ran (with its SHA-256), the journal rows the engine wrote, the commands the interpreter answered each
/// replayed event with, and the state the engine stored. <c>&lt;name&gt;.history.json</c> beside it is the same run as the
/// Temporal history <c>FlowWorkflow</c> would have (Temporal's JSON history format).
/// </summary>
public sealed record GoldenRun(
    string FlowId,
    int Version,
    string DefinitionSha256,
    string Scenario,
    string InstanceId,
    string Status,
    JsonNode Definition,
    IReadOnlyList<GoldenJournalRow> Journal,
    IReadOnlyList<JsonArray> Commands,
    JsonNode State)
{
    public const string RegenerateVariable = "FINANCE_REGENERATE_GOLDEN";

    private static readonly JsonSerializerOptions Indented = new(FlowJson.Options) { WriteIndented = true };

    public static string Directory => Path.Combine(Repo.Root, "tests", "Finance.Tests", "Workflows", "Golden");

    /// <summary>Set <c>FINANCE_REGENERATE_GOLDEN=1</c> to rewrite the golden files from fresh real runs.</summary>
    public static bool Regenerate => Environment.GetEnvironmentVariable(RegenerateVariable) == "1";

    public string Name => FileName(FlowId, Version, Scenario);

    public FlowDefinition ParsedDefinition() => FlowJson.Deserialize(Definition.ToJsonString());

    public List<FlowEvent> Events() => JournalFold.Events(Journal.Select(r => (r.Kind, r.Event.ToJsonString())));

    public static string FileName(string flowId, int version, string scenario) => $"{flowId}.v{version}.{scenario}";

    /// <summary>
    /// SHA-256 of the definition's JSON as <see cref="FlowJson"/> writes it, object keys sorted: the identity a running
    /// instance pins. Sorted because the definition store keeps jsonb, which hands an activity's inputs back sorted.
    /// </summary>
    public static string Hash(FlowDefinition definition) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(JsonNode.Parse(FlowJson.Serialize(definition)))!.ToJsonString())));

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Canonical)]),
        _ => node?.DeepClone(),
    };

    public static IEnumerable<string> Names() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.json")
            .Where(f => !f.EndsWith(".history.json", StringComparison.Ordinal))
            .Select(f => Path.GetFileNameWithoutExtension(f))
            .Order(StringComparer.Ordinal);

    public static IEnumerable<GoldenRun> All() => Names().Select(Load);

    public static GoldenRun Load(string name) =>
        JsonSerializer.Deserialize<GoldenRun>(File.ReadAllText(Path.Combine(Directory, name + ".json")), FlowJson.Options)
        ?? throw new InvalidOperationException($"Golden file {name}.json is empty.");

    public static bool Exists(string name) => File.Exists(Path.Combine(Directory, name + ".json"));

    public string HistoryJson() => File.ReadAllText(Path.Combine(Directory, Name + ".history.json"));

    public void Save(string temporalHistoryJson)
    {
        File.WriteAllText(Path.Combine(Directory, Name + ".json"), JsonSerializer.Serialize(this, Indented) + "\n");
        File.WriteAllText(Path.Combine(Directory, Name + ".history.json"),
            JsonNode.Parse(temporalHistoryJson)!.ToJsonString(Indented) + "\n");
    }

    /// <summary>The interpreter's answer to each event of the journal, folded from the start.</summary>
    public static (List<JsonArray> Commands, FlowInstanceState State) Replay(FlowDefinition definition, string instanceId, IEnumerable<FlowEvent> events)
    {
        var state = FlowInstanceState.Create(instanceId, definition);
        var commands = new List<JsonArray>();
        foreach (var e in events)
        {
            var transition = FlowInterpreter.Default.Apply(definition, state, e);
            state = transition.State;
            commands.Add(JsonSerializer.SerializeToNode(transition.Commands, FlowJson.Options)!.AsArray());
        }

        return (commands, state);
    }

    public static JsonNode ToNode(FlowInstanceState state) => JsonSerializer.SerializeToNode(state, FlowJson.Options)!;
}
