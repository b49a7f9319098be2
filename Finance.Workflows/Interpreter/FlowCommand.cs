using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Finance.Workflows.Model;

namespace Finance.Workflows.Interpreter;

/// <summary>Work the engine must do after an event; the interpreter itself does no I/O.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ScheduleActivity), "scheduleActivity")]
[JsonDerivedType(typeof(StartTimer), "startTimer")]
[JsonDerivedType(typeof(CancelTimer), "cancelTimer")]
[JsonDerivedType(typeof(AwaitSignal), "awaitSignal")]
[JsonDerivedType(typeof(StartChildFlow), "startChildFlow")]
[JsonDerivedType(typeof(CompleteFlow), "completeFlow")]
[JsonDerivedType(typeof(FailFlow), "failFlow")]
[JsonDerivedType(typeof(CancelFlow), "cancelFlow")]
public abstract record FlowCommand;

/// <summary>
/// Run an activity. The engine owns retries: on failure it waits <see cref="RetryPolicy.NextDelay"/> and
/// runs attempt n+1 with the same <paramref name="IdempotencyKey"/> (instance id + ":" + step path).
/// </summary>
public sealed record ScheduleActivity(
    int Seq,
    string StepId,
    string StepPath,
    string ActivityName,
    JsonObject Input,
    RetryPolicy Retry,
    string IdempotencyKey,
    string? Queue = null,
    TimeSpan? StartToCloseTimeout = null,
    int Attempt = 1) : FlowCommand;

/// <summary>Fire <see cref="TimerFired"/> with <paramref name="TimerId"/> at <paramref name="FireAt"/>.</summary>
public sealed record StartTimer(string TimerId, DateTimeOffset FireAt) : FlowCommand;

public sealed record CancelTimer(string TimerId) : FlowCommand;

/// <summary>The instance now listens for <paramref name="Name"/> (signals are accepted at any time; this marks it waiting).</summary>
public sealed record AwaitSignal(string Name) : FlowCommand;

/// <summary>Start <paramref name="FlowId"/>'s published version; the child id is deterministic (parent id + ":" + step path).</summary>
public sealed record StartChildFlow(int Seq, string ChildInstanceId, string FlowId, JsonObject Input, bool WaitForCompletion) : FlowCommand;

public sealed record CompleteFlow(JsonNode? Output = null) : FlowCommand;

public sealed record FailFlow(string Reason) : FlowCommand;

/// <summary>The instance is cancelled: drop its pending activity and child, if any.</summary>
public sealed record CancelFlow(string? Reason = null) : FlowCommand;
