using Finance.Workflows.Model;

namespace Finance.Workflows.Builder;

/// <summary>Configures one <see cref="StartFlowStep"/>.</summary>
public sealed class StartFlowStepBuilder
{
    private readonly string _id;
    private readonly string _flowId;
    private Dictionary<string, string>? _input;
    private bool _wait;
    private string? _output;
    private string? _instanceId;

    internal StartFlowStepBuilder(string id, string flowId)
    {
        _id = id;
        _flowId = flowId;
    }

    public StartFlowStepBuilder Input(string field, string expression)
    {
        (_input ??= [])[field] = expression;
        return this;
    }

    /// <summary>Waits for the child to finish; its output goes to <c>vars[output]</c> when given.</summary>
    public StartFlowStepBuilder WaitForCompletion(string? output = null)
    {
        _wait = true;
        _output = output;
        return this;
    }

    /// <summary>Names the child instance with an expression instead of <c>{parent}:{stepPath}</c>.</summary>
    public StartFlowStepBuilder InstanceId(string expression)
    {
        _instanceId = expression;
        return this;
    }

    internal StartFlowStep Build() => new(_id, _flowId, _input, _wait, _output, _instanceId);
}
