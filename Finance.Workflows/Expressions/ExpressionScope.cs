using System.Text.Json.Nodes;

namespace Finance.Workflows.Expressions;

/// <summary>What an expression can see: <c>input</c>, <c>vars</c> and <c>signal</c>. Nothing else.</summary>
public sealed record ExpressionScope(JsonNode? Input, JsonObject? Vars = null, JsonNode? Signal = null);
