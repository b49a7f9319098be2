using System.Text.Json.Nodes;
using Finance.Workflows.Model;

namespace Finance.Workflows.Interpreter;

/// <summary>Where an instance is in its life.</summary>
public enum FlowStatus
{
    NotStarted,
    /// <summary>Executing, or waiting for an activity result.</summary>
    Running,
    /// <summary>Blocked on a timer, a signal or a child flow.</summary>
    Waiting,
    Completed,
    Failed,
    Cancelled,
}

/// <summary>
/// Everything the interpreter knows about one instance, as plain JSON-serializable data (the embedded
/// engine stores it as jsonb). Steps run one at a time, so at most one activity, timer, awaited signal
/// and child flow are pending. <see cref="FlowInterpreter.Apply"/> never changes the state it is given.
/// </summary>
public sealed class FlowInstanceState
{
    public required string InstanceId { get; init; }
    public required string DefinitionId { get; init; }
    public required int DefinitionVersion { get; init; }
    public FlowStatus Status { get; set; }
    public JsonNode? Input { get; set; }
    public JsonObject Vars { get; set; } = [];
    /// <summary>Payload of the last signal a wait consumed; <c>signal</c> in expressions.</summary>
    public JsonNode? Signal { get; set; }
    /// <summary>The program counter: innermost block last.</summary>
    public List<StackFrame> Stack { get; set; } = [];
    public PendingActivity? Activity { get; set; }
    public PendingTimer? Timer { get; set; }
    public AwaitedSignal? AwaitedSignal { get; set; }
    public PendingChild? Child { get; set; }
    /// <summary>Signals no wait was listening for, oldest first; a later wait on the same name takes the oldest.</summary>
    public List<BufferedSignal> BufferedSignals { get; set; } = [];
    public SequenceCounters Sequences { get; set; } = new();
    public JsonNode? Output { get; set; }
    public string? FailureReason { get; set; }

    /// <summary>A fresh instance, not yet started, pinned to <paramref name="definition"/>'s version.</summary>
    public static FlowInstanceState Create(string instanceId, FlowDefinition definition) => new()
    {
        InstanceId = instanceId,
        DefinitionId = definition.Id,
        DefinitionVersion = definition.Version,
    };

    public bool IsFinished => Status is FlowStatus.Completed or FlowStatus.Failed or FlowStatus.Cancelled;

    /// <summary>
    /// A deep copy: JSON values are cloned, the records are immutable and shared. (The interpreter copies the state on
    /// every event, so this avoids a JSON round trip; a test checks the copy serializes exactly as the original.)
    /// </summary>
    public FlowInstanceState Clone() => new()
    {
        InstanceId = InstanceId,
        DefinitionId = DefinitionId,
        DefinitionVersion = DefinitionVersion,
        Status = Status,
        Input = Input?.DeepClone(),
        Vars = Vars.DeepClone().AsObject(),
        Signal = Signal?.DeepClone(),
        Stack = [.. Stack],
        Activity = Activity,
        Timer = Timer,
        AwaitedSignal = AwaitedSignal,
        Child = Child,
        BufferedSignals = [.. BufferedSignals.Select(b => b with { Payload = b.Payload?.DeepClone() })],
        Sequences = Sequences,
        Output = Output?.DeepClone(),
        FailureReason = FailureReason,
    };
}

/// <summary>Position in one block: <paramref name="Branch"/> is "steps", "then", "else" or "onTimeout"; <paramref name="Owner"/> the if/wait step id (null for the root).</summary>
public sealed record StackFrame(string Branch, int Next, string? Owner = null);

public sealed record PendingActivity(int Seq, string StepId, int Attempt = 1, string? LastError = null);

/// <summary>A timer for a delay step, or for the timeout of a wait step (<paramref name="ForWait"/>).</summary>
public sealed record PendingTimer(string TimerId, string StepId, DateTimeOffset FireAt, bool ForWait);

public sealed record AwaitedSignal(string Name, string StepId);

public sealed record PendingChild(int Seq, string StepId, string ChildInstanceId);

public sealed record BufferedSignal(string Name, DateTimeOffset ReceivedAt, JsonNode? Payload = null);

/// <summary>Per-type sequence numbers starting at 1, as Temporal numbers activity and timer ids (DESIGN.md §3).</summary>
public sealed record SequenceCounters(int Activity = 0, int Timer = 0, int Child = 0);
