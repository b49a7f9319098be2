using System.Text.Json.Nodes;

namespace Finance.Workflows.Activities;

/// <summary>
/// <c>{ "secret": "crm-token", "prefix": "Bearer " }</c>: a value a definition names but never holds. It is resolved
/// from configuration (<see cref="FlowSecrets"/>) only when the activity runs, so the credential appears in no definition,
/// journal, history or output.
/// </summary>
public static class SecretReference
{
    public static bool TryRead(JsonNode? node, out string name, out string prefix)
    {
        name = "";
        prefix = "";
        if (node is not JsonObject obj || obj["secret"] is not JsonValue secret || !secret.TryGetValue(out string? value)) return false;
        if (obj.Any(p => p.Key is not ("secret" or "prefix"))) return false;
        if (obj["prefix"] is { } p && (p is not JsonValue pv || !pv.TryGetValue(out string? text) || (prefix = text) is null)) return false;
        name = value;
        return Validation.FlowLimits.IsName(value);
    }
}
