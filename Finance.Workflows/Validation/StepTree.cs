using Finance.Workflows.Model;

namespace Finance.Workflows.Validation;

/// <summary>Walks nested steps with their paths, depth first in document order.</summary>
internal static class StepTree
{
    public static IEnumerable<(FlowStep Step, string Path)> Walk(IReadOnlyList<FlowStep>? steps, string path)
    {
        for (var i = 0; i < (steps?.Count ?? 0); i++)
        {
            var step = steps![i];
            var stepPath = $"{path}[{i}]";
            yield return (step, stepPath);
            var children = step switch
            {
                IfStep s => Walk(s.Then, $"{stepPath}.then").Concat(Walk(s.Else, $"{stepPath}.else")),
                WaitStep s => Walk(s.OnTimeout, $"{stepPath}.onTimeout"),
                _ => [],
            };
            foreach (var child in children)
            {
                yield return child;
            }
        }
    }
}
