using System.Text.Json.Nodes;
using Finance.Workflows.Model;

namespace Finance.Workflows.Activities;

/// <summary>
/// What an activity declares about itself, for the designer's palette and property editors
/// (<c>GET /api/flows/activities</c>) and for the validator at publish: inputs and output as JSON Schema (draft 2020-12),
/// the queue, and the retry policy and timeout a new step starts from. An input property marked
/// <c>"x-company-resource": "invoice"</c> names a record of the instance's company (<see cref="ActivityCatalog.RunAsync"/>
/// checks it before the activity runs).
/// </summary>
/// <param name="Name">The name steps use, e.g. <c>invoice.send</c>.</param>
/// <param name="Queue">The queue it runs on unless the step names one.</param>
/// <param name="Description">One or two sentences for the designer.</param>
/// <param name="InputSchema">An object schema of the step's inputs (each a JavaScript expression evaluated before the run).</param>
/// <param name="OutputSchema">What the step's output variable holds.</param>
/// <param name="DefaultRetry">What a step that names no retry policy gets (the engines apply <see cref="RetryPolicy.Default"/>).</param>
/// <param name="DefaultTimeout">What a step that names no <c>startToCloseTimeout</c> gets.</param>
public sealed record ActivityDescriptor(
    string Name,
    string Queue,
    string Description,
    JsonObject InputSchema,
    JsonObject OutputSchema,
    RetryPolicy DefaultRetry,
    TimeSpan DefaultTimeout)
{
    /// <summary>The keyword that marks an input naming a company resource; its value is the resource kind.</summary>
    public const string CompanyResourceKeyword = "x-company-resource";

    /// <summary>Marks an input holding HTTP headers: credential headers in it must be secret references (checked at publish).</summary>
    public const string HeadersKeyword = "x-headers";

    /// <summary>The engines' timeout for a step that names none (Temporal's start-to-close; the embedded lease).</summary>
    public static readonly TimeSpan EngineDefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Input name → the kind of company resource it names (e.g. <c>invoiceId</c> → <c>invoice</c>).</summary>
    public IReadOnlyDictionary<string, string> CompanyResourceInputs =>
        Properties.Where(p => p.Value?[CompanyResourceKeyword] is not null)
            .ToDictionary(p => p.Key, p => (string)p.Value![CompanyResourceKeyword]!, StringComparer.Ordinal);

    /// <summary>The declared input properties (empty when the schema declares none).</summary>
    public IEnumerable<KeyValuePair<string, JsonNode?>> Properties =>
        InputSchema["properties"] as JsonObject ?? [];

    public IReadOnlySet<string> RequiredInputs =>
        (InputSchema["required"] as JsonArray ?? []).Select(n => (string)n!).ToHashSet(StringComparer.Ordinal);

    /// <summary>False when the input schema says <c>"additionalProperties": false</c>: then an undeclared input is an error.</summary>
    public bool AllowsOtherInputs => InputSchema["additionalProperties"] is not JsonValue v || !v.TryGetValue<bool>(out var allowed) || allowed;

    /// <summary>A descriptor for an activity that declares nothing but its name and queue: any input, any output.</summary>
    public static ActivityDescriptor Undescribed(string name, string queue) =>
        new(name, queue, "", new JsonObject { ["type"] = "object" }, new JsonObject(), RetryPolicy.Default, EngineDefaultTimeout);
}
