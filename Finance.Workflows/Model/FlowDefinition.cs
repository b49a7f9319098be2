namespace Finance.Workflows.Model;

/// <summary>
/// A flow definition: data the designer edits and the builder emits (DESIGN.md §3).
/// </summary>
/// <remarks>
/// JSON format (camelCase, read and written by <see cref="FlowJson"/>):
/// <code>
/// {
///   "id": "invoice.dunning", "version": 1, "name": "Dunning", "description": "optional",
///   "input": ["invoiceId", "email"],            // optional; when given, input.x is checked at publish
///   "trigger": { "type": "http", "slug": "crm-order", "auth": "bearer" },   // optional (FlowTrigger)
///   "steps": [
///     { "kind": "activity", "id": "send", "name": "email.send", "input": { "to": "input.email" },
///       "retry": { "maxAttempts": 3, "initialInterval": "PT1S", "backoffCoefficient": 2, "maximumInterval": "PT1M" },
///       "startToCloseTimeout": "PT30S", "queue": "notifications", "output": "sent" },
///     { "kind": "delay", "id": "pause", "duration": "PT5M" },           // or "until": "&lt;expression giving an ISO instant&gt;"
///     { "kind": "wait", "id": "paid", "signal": "payment.received", "timeout": "P14D", "output": "payment",
///       "onTimeout": [ { "kind": "fail", "id": "unpaid", "reason": "'not paid'" } ] },
///     { "kind": "if", "id": "big", "condition": "vars.payment.amount > 1000", "then": [], "else": [] },
///     { "kind": "startFlow", "id": "ledger", "flowId": "ledger.post", "input": { "amount": "vars.payment.amount" },
///       "waitForCompletion": true, "output": "posting" },
///     { "kind": "complete", "id": "done", "output": "({ paid: true })" }
///   ]
/// }
/// </code>
/// Every value under <c>input</c>, <c>condition</c>, <c>until</c>, <c>timeoutUntil</c>, <c>output</c> of
/// <c>complete</c> and <c>reason</c> is a JavaScript expression (a script whose completion value is the
/// result; wrap object literals in parentheses). Expressions see <c>input</c>, <c>vars</c> (step outputs
/// by output name) and <c>signal</c> (payload of the last signal a wait consumed).
/// Durations are ISO-8601 durations in days and smaller units ("PT5M", "P14D", "PT1.5S"); years and
/// months are rejected because their length depends on the calendar.
/// Step ids are unique within a definition; a step's path ("steps[2].then[0]") locates it.
/// A retry policy omitted on an activity means <see cref="RetryPolicy.Default"/> (finite);
/// <c>maxAttempts: 0</c> given explicitly means unlimited, as in Temporal.
/// </remarks>
public sealed record FlowDefinition(
    string Id,
    int Version,
    string Name,
    IReadOnlyList<FlowStep> Steps,
    string? Description = null,
    IReadOnlyList<string>? Input = null,
    FlowTrigger? Trigger = null);
