using Finance.Workflows.Model;

namespace Finance.Workflows.Builder;

/// <summary>
/// The step methods shared by a flow and its branches. Expressions are JavaScript source text;
/// the self type keeps the chain typed (a flow's chain ends in <see cref="FlowBuilder.Build"/>).
/// </summary>
public abstract class StepListBuilder<TSelf> where TSelf : StepListBuilder<TSelf>
{
    private readonly List<FlowStep> _steps = [];

    public TSelf Activity(string id, string activityName, Action<ActivityStepBuilder>? configure = null)
    {
        var builder = new ActivityStepBuilder(id, activityName);
        configure?.Invoke(builder);
        return Add(builder.Build());
    }

    public TSelf Delay(string id, TimeSpan duration) => Add(new DelayStep(id, Duration: duration));

    /// <summary>Delays until the ISO-8601 instant the <paramref name="untilExpression"/> gives.</summary>
    public TSelf DelayUntil(string id, string untilExpression) => Add(new DelayStep(id, Until: untilExpression));

    public TSelf Wait(
        string id, string signal, TimeSpan timeout, Action<BranchBuilder> onTimeout, string? output = null) =>
        Add(new WaitStep(id, signal, Timeout: timeout, Output: output, OnTimeout: BranchBuilder.Build(onTimeout)));

    /// <summary>Waits for a signal until the ISO-8601 instant <paramref name="timeoutUntilExpression"/> gives.</summary>
    public TSelf WaitUntil(
        string id, string signal, string timeoutUntilExpression, Action<BranchBuilder> onTimeout, string? output = null) =>
        Add(new WaitStep(id, signal, TimeoutUntil: timeoutUntilExpression, Output: output, OnTimeout: BranchBuilder.Build(onTimeout)));

    public TSelf If(string id, string condition, Action<BranchBuilder> then, Action<BranchBuilder>? @else = null) =>
        Add(new IfStep(id, condition, BranchBuilder.Build(then), @else is null ? null : BranchBuilder.Build(@else)));

    public TSelf StartFlow(string id, string flowId, Action<StartFlowStepBuilder>? configure = null)
    {
        var builder = new StartFlowStepBuilder(id, flowId);
        configure?.Invoke(builder);
        return Add(builder.Build());
    }

    public TSelf Complete(string id, string? outputExpression = null) => Add(new CompleteStep(id, outputExpression));

    public TSelf Fail(string id, string reasonExpression) => Add(new FailStep(id, reasonExpression));

    private protected IReadOnlyList<FlowStep> BuildSteps() => [.. _steps];

    private TSelf Add(FlowStep step)
    {
        _steps.Add(step);
        return (TSelf)this;
    }
}
