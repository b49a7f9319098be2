using System.Text.Json.Serialization;

namespace Finance.Workflows.Model;

/// <summary>One step of a flow. The set of kinds is closed: the interpreter handles each one.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(ActivityStep), "activity")]
[JsonDerivedType(typeof(DelayStep), "delay")]
[JsonDerivedType(typeof(WaitStep), "wait")]
[JsonDerivedType(typeof(IfStep), "if")]
[JsonDerivedType(typeof(StartFlowStep), "startFlow")]
[JsonDerivedType(typeof(CompleteStep), "complete")]
[JsonDerivedType(typeof(FailStep), "fail")]
public abstract record FlowStep(string Id);

/// <summary>Runs an activity from the catalog; its result is stored in <c>vars[Output]</c>.</summary>
public sealed record ActivityStep(
    string Id,
    string Name,
    IReadOnlyDictionary<string, string>? Input = null,
    RetryPolicy? Retry = null,
    TimeSpan? StartToCloseTimeout = null,
    string? Output = null,
    string? Queue = null) : FlowStep(Id)
{
    /// <summary>The policy the engine applies: the step's own, or <see cref="RetryPolicy.Default"/>.</summary>
    public RetryPolicy EffectiveRetry => Retry ?? RetryPolicy.Default;
}

/// <summary>Sleeps for <see cref="Duration"/>, or until the instant the <see cref="Until"/> expression gives.</summary>
public sealed record DelayStep(string Id, TimeSpan? Duration = null, string? Until = null) : FlowStep(Id);

/// <summary>
/// Waits for a named signal. A timeout (<see cref="Timeout"/> or the <see cref="TimeoutUntil"/>
/// expression) and the <see cref="OnTimeout"/> steps are required at publish: a flow must not wait forever.
/// </summary>
public sealed record WaitStep(
    string Id,
    string Signal,
    TimeSpan? Timeout = null,
    string? TimeoutUntil = null,
    string? Output = null,
    IReadOnlyList<FlowStep>? OnTimeout = null) : FlowStep(Id);

/// <summary>Runs <see cref="Then"/> when the condition is truthy (JavaScript truthiness), else <see cref="Else"/>.</summary>
public sealed record IfStep(
    string Id,
    string Condition,
    IReadOnlyList<FlowStep> Then,
    IReadOnlyList<FlowStep>? Else = null) : FlowStep(Id);

/// <summary>
/// Starts another flow; fire-and-forget unless <see cref="WaitForCompletion"/>. The child's id is
/// <c>{instanceId}:{stepPath}</c> unless the <see cref="InstanceId"/> expression names one, which lets another flow
/// find it again on either engine (e.g. <c>'invoice-dunning-' + input.invoiceId</c>).
/// </summary>
public sealed record StartFlowStep(
    string Id,
    string FlowId,
    IReadOnlyDictionary<string, string>? Input = null,
    bool WaitForCompletion = false,
    string? Output = null,
    string? InstanceId = null) : FlowStep(Id);

/// <summary>Completes the flow, with the value of the optional <see cref="Output"/> expression.</summary>
public sealed record CompleteStep(string Id, string? Output = null) : FlowStep(Id);

/// <summary>Fails the flow with the string value of the <see cref="Reason"/> expression.</summary>
public sealed record FailStep(string Id, string Reason) : FlowStep(Id);
