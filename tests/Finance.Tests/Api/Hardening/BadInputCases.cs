using System.Text.Json.Nodes;

namespace Finance.Tests.Api.Hardening;

/// <summary>One bad request: which part of which operation is bad and how; <see cref="Build"/> makes it from a fresh valid request.</summary>
public sealed record BadInput(ApiOperation Operation, string Part, string Field, string Kind, bool ClearlyInvalid, Func<PreparedRequest, HttpRequestMessage> Build)
{
    public override string ToString() => $"{Operation.OperationId} {Part} {Field}: {Kind}";
}

/// <summary>
/// The bad inputs of one operation: the body mutations of <see cref="JsonMutations"/>, bad path values and bad query
/// values; for flow definitions also the durations, sizes and ids a designer should never get stored.
/// </summary>
public static class BadInputCases
{
    private static readonly string[] DefinitionBodies = ["CreateFlowDraft", "UpdateFlowDraft", "ValidateFlowDefinition"];

    public static IEnumerable<BadInput> For(PreparedRequest sample)
    {
        var operation = sample.Operation;
        if (sample.Body is { } body)
        {
            var mutations = JsonMutations.Of(body, operation.BodySchema);
            if (DefinitionBodies.Contains(operation.OperationId)) mutations = mutations.Concat(DefinitionMutations());
            foreach (var m in mutations)
            {
                yield return new(operation, "body", m.Field, m.Kind, m.ClearlyInvalid, r => r.Message(content: PreparedRequest.JsonContent(m.Apply(r.Body!))));
            }
        }
        foreach (var parameter in operation.PathParameters)
        {
            yield return Path(operation, parameter.Name, "1 MB value", new string('x', JsonMutations.Megabyte));
            yield return Path(operation, parameter.Name, "../../../../etc/passwd", Uri.EscapeDataString("../../../../etc/passwd"));
            yield return Path(operation, parameter.Name, "%00 (NUL)", "%00");
        }
        foreach (var parameter in operation.QueryParameters)
        {
            yield return Query(operation, parameter.Name, "NUL character", true, "a\u0000b");
            yield return Query(operation, parameter.Name, "1 MB value", true, new string('x', JsonMutations.Megabyte));
            if (!parameter.IsInteger) continue;
            yield return Query(operation, parameter.Name, "-1", false, "-1");
            yield return Query(operation, parameter.Name, "99999999999999999999", false, "99999999999999999999");
        }
    }

    private static BadInput Path(ApiOperation operation, string name, string kind, string rawSegment) =>
        new(operation, "path", name, kind, true, r => r.Message(r.Url(name, rawSegment)));

    private static BadInput Query(ApiOperation operation, string name, string kind, bool clearlyInvalid, string value) =>
        new(operation, "query", name, kind, clearlyInvalid, r => r.Message(r.Url(query: [.. r.Query.Where(p => p.Key != name), KeyValuePair.Create(name, value)])));

    /// <summary>What only a flow definition can get wrong (README "Flows"): durations out of range or negative, size, its id.</summary>
    private static IEnumerable<Mutation> DefinitionMutations()
    {
        List<object> timeout = ["steps", 0, "timeout"];
        yield return new("steps[0].timeout", "P999999999D", false, d => JsonMutations.Edit(d, timeout, "P999999999D"));
        yield return new("steps[0].timeout", "negative duration -P1D", true, d => JsonMutations.Edit(d, timeout, "-P1D"));
        yield return new("steps", "10,000 distinct steps", false, d => JsonMutations.Edit(d, ["steps"],
            new JsonArray([.. Enumerable.Range(0, 10_000).Select(i => JsonNode.Parse($$"""{"kind":"activity","id":"step-{{i}}","name":"diag.noop"}"""))])));
        yield return new("id", "../../../../etc/passwd", true, d => JsonMutations.Edit(d, ["id"], "../../../../etc/passwd"));
    }
}
