using Finance.Workflows.Model;

namespace Finance.Workflows.Builder;

/// <summary>Builds a whole definition; steps are added through the <see cref="StepListBuilder{TSelf}"/> methods.</summary>
public sealed class FlowBuilder : StepListBuilder<FlowBuilder>
{
    private readonly string _id;
    private readonly string _name;
    private readonly int _version;
    private string? _description;
    private List<string>? _input;

    internal FlowBuilder(string id, string name, int version)
    {
        _id = id;
        _name = name;
        _version = version;
    }

    public FlowBuilder Description(string description)
    {
        _description = description;
        return this;
    }

    /// <summary>Declares the input fields; <c>input.x</c> for an undeclared x is then a validation error.</summary>
    public FlowBuilder Input(params string[] fields)
    {
        _input = [.. fields];
        return this;
    }

    public FlowDefinition Build() => new(_id, _version, _name, BuildSteps(), _description, _input);
}

/// <summary>Builds the steps of a branch (then, else, onTimeout).</summary>
public sealed class BranchBuilder : StepListBuilder<BranchBuilder>
{
    internal static IReadOnlyList<FlowStep> Build(Action<BranchBuilder> configure)
    {
        var branch = new BranchBuilder();
        configure(branch);
        return branch.BuildSteps();
    }
}
