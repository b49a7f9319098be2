namespace Finance.Workflows.Validation;

/// <summary>One reason a definition cannot be published, located by path (e.g. <c>steps[2].then[0].input.amount</c>).</summary>
public sealed record FlowValidationError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
