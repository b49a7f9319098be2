using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Finance.Workflows.Interpreter;

/// <summary>
/// Something that happened to an instance. <see cref="Time"/> is supplied by the engine and journaled:
/// the interpreter has no clock, so timer fire times are computed from it and replays see the same time.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(FlowStarted), "started")]
[JsonDerivedType(typeof(ActivityCompleted), "activityCompleted")]
[JsonDerivedType(typeof(ActivityFailed), "activityFailed")]
[JsonDerivedType(typeof(TimerFired), "timerFired")]
[JsonDerivedType(typeof(SignalReceived), "signalReceived")]
[JsonDerivedType(typeof(ChildFlowCompleted), "childFlowCompleted")]
[JsonDerivedType(typeof(ChildFlowFailed), "childFlowFailed")]
[JsonDerivedType(typeof(CancelRequested), "cancelRequested")]
public abstract record FlowEvent(DateTimeOffset Time);

public sealed record FlowStarted(DateTimeOffset Time, JsonNode? Input = null) : FlowEvent(Time);

/// <summary>The activity scheduled with <paramref name="Seq"/> returned <paramref name="Result"/>.</summary>
public sealed record ActivityCompleted(DateTimeOffset Time, int Seq, JsonNode? Result = null) : FlowEvent(Time);

/// <summary>
/// An attempt failed. The engine retries per the step's policy; only <paramref name="IsFinal"/> failures
/// (no attempts left, or a non-retryable error) change the flow. Earlier ones are only recorded.
/// </summary>
public sealed record ActivityFailed(DateTimeOffset Time, int Seq, string Error, int Attempt, bool IsFinal) : FlowEvent(Time);

public sealed record TimerFired(DateTimeOffset Time, string TimerId) : FlowEvent(Time);

public sealed record SignalReceived(DateTimeOffset Time, string Name, JsonNode? Payload = null) : FlowEvent(Time);

public sealed record ChildFlowCompleted(DateTimeOffset Time, int Seq, JsonNode? Output = null) : FlowEvent(Time);

public sealed record ChildFlowFailed(DateTimeOffset Time, int Seq, string Reason) : FlowEvent(Time);

public sealed record CancelRequested(DateTimeOffset Time, string? Reason = null) : FlowEvent(Time);
