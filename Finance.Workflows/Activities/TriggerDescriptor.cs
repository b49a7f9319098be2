using System.Text.Json.Nodes;
using Finance.Workflows.Model;

namespace Finance.Workflows.Activities;

/// <summary>
/// A way to start a flow from outside, for the designer's palette beside the activities: <see cref="SettingsSchema"/> is
/// the shape of the definition's <c>trigger</c> object, <see cref="OutputSchema"/> what the started instance gets as input.
/// </summary>
public sealed record TriggerDescriptor(string Name, string Description, JsonObject SettingsSchema, JsonObject OutputSchema)
{
    /// <summary>The HTTP trigger (<see cref="FlowTrigger"/>): <c>POST /api/hooks/{slug}</c>.</summary>
    public static TriggerDescriptor Http { get; } = new(
        FlowTrigger.Http,
        "Starts the published flow when POST /api/hooks/{slug} is called with a JSON body (the instance's input); answers 202 with the instance id.",
        ActivitySchema.Properties()
            .Required("type", ActivitySchema.Enum(FlowTrigger.Http), "The trigger type.")
            .Required("slug", ActivitySchema.Text(), "The hook's path segment; unique among published flows.")
            .Required("auth", ActivitySchema.Enum(FlowTrigger.Bearer, FlowTrigger.HmacSha256),
                "bearer: a token with a writing role covering the company; hmac-sha256: X-Finance-Signature over timestamp and body.")
            .Optional("secret", ActivitySchema.Text(), "hmac-sha256 only: the shared secret's name (configuration Flows:Secrets:name).")
            .Optional("company", ActivitySchema.Text(), "The company the instances work for (none: the whole group).")
            .Build(),
        new JsonObject { ["type"] = "object", ["description"] = "The request's JSON body." });

    public static IReadOnlyList<TriggerDescriptor> All { get; } = [Http];
}
