using Finance.Workflows.Model;
using Finance.Workflows.Validation;

namespace Finance.Workflows.Interpreter;

/// <summary>Finds steps by id and resolves stack frames to step lists; step ids are unique (validated at publish).</summary>
internal sealed class StepIndex
{
    private readonly FlowDefinition _definition;
    private readonly Dictionary<string, (FlowStep Step, string Path)> _byId = new(StringComparer.Ordinal);

    public StepIndex(FlowDefinition definition)
    {
        _definition = definition;
        foreach (var (step, path) in StepTree.Walk(definition.Steps, "steps"))
        {
            if (!_byId.TryAdd(step.Id, (step, path)))
            {
                throw new ArgumentException($"Step id \"{step.Id}\" is used twice; validate before running.", nameof(definition));
            }
        }
    }

    public (FlowStep Step, string Path) this[string stepId] => _byId[stepId];

    public IReadOnlyList<FlowStep> Block(StackFrame frame) => (frame.Owner, frame.Branch) switch
    {
        (null, "steps") => _definition.Steps,
        ({ } owner, "then") => ((IfStep)_byId[owner].Step).Then,
        ({ } owner, "else") => ((IfStep)_byId[owner].Step).Else ?? [],
        ({ } owner, "onTimeout") => ((WaitStep)_byId[owner].Step).OnTimeout ?? [],
        _ => throw new InvalidOperationException($"Bad stack frame {frame}."),
    };

    public string PathOf(StackFrame frame, int index) =>
        frame.Owner is null ? $"steps[{index}]" : $"{_byId[frame.Owner].Path}.{frame.Branch}[{index}]";
}
