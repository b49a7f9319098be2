using Acornima;
using Acornima.Ast;

namespace Finance.Workflows.Expressions;

/// <summary>Static checks on expression text: parsing only, nothing is executed.</summary>
public static class ExpressionSyntax
{
    /// <summary>Returns the parse error message, or <c>null</c> when the expression is valid JavaScript.</summary>
    public static string? Check(string expression)
    {
        try
        {
            Parse(expression);
            return null;
        }
        catch (ParseErrorException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// Names read as <c>root.name</c> or <c>root["name"]</c> (e.g. root "vars"). Dynamic access
    /// (<c>vars[key]</c>) cannot be checked statically and is not reported.
    /// </summary>
    public static IReadOnlySet<string> MembersOf(string expression, string root)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var node in Parse(expression).DescendantNodesAndSelf())
        {
            if (node is MemberExpression { Object: Identifier id } member && id.Name == root)
            {
                var name = member switch
                {
                    { Computed: false, Property: Identifier p } => p.Name,
                    { Computed: true, Property: StringLiteral s } => s.Value,
                    _ => null,
                };
                if (name is not null)
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }

    private static Script Parse(string expression) =>
        new Parser(new ParserOptions { EcmaVersion = EcmaVersion.Latest }).ParseScript(expression, strict: true);
}
