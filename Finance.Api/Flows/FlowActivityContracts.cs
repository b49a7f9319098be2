using System.Text.Json.Nodes;
using Finance.Workflows.Activities;
using Finance.Workflows.Model;

namespace Finance.Api.Flows;

/// <summary>
/// One entry of the designer's palette: an activity (<c>kind</c> = <c>activity</c>: its step inputs and output as JSON
/// Schema, queue, defaults, the inputs that name company records) or a trigger (<c>kind</c> = <c>trigger</c>: the
/// definition's <c>trigger</c> object as <c>inputSchema</c>, the instance input as <c>outputSchema</c>).
/// Durations are ISO-8601, as in definitions.
/// </summary>
public sealed record FlowActivityResponse(
    string Kind,
    string Name,
    string Description,
    string? Queue,
    JsonObject InputSchema,
    JsonObject OutputSchema,
    FlowRetryResponse? DefaultRetry,
    string? DefaultTimeout,
    IReadOnlyDictionary<string, string> CompanyResources)
{
    public static FlowActivityResponse From(ActivityDescriptor d) => new(
        "activity", d.Name, d.Description, d.Queue, (JsonObject)d.InputSchema.DeepClone(), (JsonObject)d.OutputSchema.DeepClone(),
        FlowRetryResponse.From(d.DefaultRetry), IsoDurationConverter.Format(d.DefaultTimeout), d.CompanyResourceInputs);

    public static FlowActivityResponse From(TriggerDescriptor t) => new(
        "trigger", t.Name, t.Description, null, (JsonObject)t.SettingsSchema.DeepClone(), (JsonObject)t.OutputSchema.DeepClone(),
        null, null, new Dictionary<string, string>());
}

public sealed record FlowRetryResponse(int MaxAttempts, string InitialInterval, double BackoffCoefficient, string MaximumInterval)
{
    public static FlowRetryResponse From(RetryPolicy r) => new(
        r.MaxAttempts, IsoDurationConverter.Format(r.EffectiveInitialInterval), r.BackoffCoefficient, IsoDurationConverter.Format(r.EffectiveMaximumInterval));
}
