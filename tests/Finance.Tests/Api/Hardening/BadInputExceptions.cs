namespace Finance.Tests.Api.Hardening;

/// <summary>
/// The few bad-looking inputs that are legitimately valid, each with its reason. A clearly invalid input (NUL, 1 MB,
/// out-of-range date, missing required number, negative duration, traversal id) can never be listed here.
/// </summary>
public static class BadInputExceptions
{
    private const string Definitions = "CreateFlowDraft,UpdateFlowDraft,ValidateFlowDefinition";

    // Operation: one or more operationIds; Field: exact, or a prefix ending in *; Kind: exact or *.
    private static readonly (string Operations, string Field, string Kind, string Reason)[] Valid =
    [
        ("SignalFlowInstance", "amount", "*", "a signal's payload is any JSON the waiting flow reads (the route accepts a JsonNode): numbers are the sender's data"),
        ("SignalFlowInstance", "(body)", "empty body", "a signal without a payload is a plain signal (route summary: 'any JSON, or empty')"),
        ("SignalFlowInstance", "(body)", "null", "JSON null is a payload like any other"),
        ("SignalFlowInstance", "(body)", "array instead of an object", "an array is a payload like any other"),
        (Definitions, "version", "-1", "the store numbers versions itself; the version in the body (the export format) is ignored"),
        (Definitions, "steps[1].retry.backoffCoefficient", "1e30", "any coefficient ≥ 1 is valid: the delay is capped at maximumInterval (RetryPolicy.NextDelay)"),
        ("CreateFlowDraft,UpdateFlowDraft", "steps[1].retry.*", "-1",
            "a draft may be unfinished (STYLE.md 10: save draft, validate, publish): retry rules are checked by validate, which must refuse it, and by publish"),
    ];

    /// <summary>Why <paramref name="input"/> may succeed, or null when it must be refused.</summary>
    public static string? Reason(BadInput input) => input.ClearlyInvalid ? null : Valid
        .Where(v => v.Operations.Split(',').Contains(input.Operation.OperationId)
            && (v.Field.EndsWith('*') ? input.Field.StartsWith(v.Field[..^1], StringComparison.Ordinal) : v.Field == input.Field)
            && (v.Kind == "*" || v.Kind == input.Kind))
        .Select(v => v.Reason).FirstOrDefault();
}
