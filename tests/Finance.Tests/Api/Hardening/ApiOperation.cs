using System.Text.Json.Nodes;

namespace Finance.Tests.Api.Hardening;

/// <summary>A parameter of an operation as the document declares it (<c>in: path</c> or <c>in: query</c>).</summary>
public sealed record ApiParameter(string Name, string Type)
{
    public bool IsInteger => Type.Contains("integer", StringComparison.Ordinal);
}

/// <summary>One operation (path × method) of the OpenAPI document, with what a caller can put in it.</summary>
public sealed record ApiOperation(
    string Method, string Path, string OperationId, IReadOnlyList<ApiParameter> PathParameters, IReadOnlyList<ApiParameter> QueryParameters,
    JsonNode? BodySchema, bool IsEventStream = false)
{
    public bool HasBody => BodySchema is not null;

    public override string ToString() => $"{OperationId} ({Method} {Path})";
}
