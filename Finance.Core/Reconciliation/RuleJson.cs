using System.Text.Json;
using Finance.Core.Reconciliation.Engine;

namespace Finance.Core.Reconciliation;

/// <summary>Rules as stored: the engine's condition and action records as JSON (web casing, the action kind by name).</summary>
public static class RuleJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static ReconcileRule ToRule(string name, string condition, string action) => new(name,
        JsonSerializer.Deserialize<RuleCondition>(condition, Options) ?? new RuleCondition(),
        JsonSerializer.Deserialize<RuleAction>(action, Options) ?? throw new JsonException("A rule needs an action."));
}
