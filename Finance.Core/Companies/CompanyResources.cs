using System.Text.Json.Nodes;
using Finance.Core.Errors;

namespace Finance.Core.Companies;

/// <summary>
/// A kind of record that belongs to one company and that flow inputs name by id (<c>invoiceId</c>, <c>customerId</c>…).
/// Each capability registers its own; the API (when a flow starts) and the activity runner (before every activity)
/// check every id an input names against the company the caller or the flow instance works for.
/// </summary>
public interface ICompanyResource
{
    /// <summary>The input property that names it, e.g. <c>invoiceId</c>.</summary>
    string InputName { get; }

    /// <summary>What to call it in an error, e.g. <c>invoice</c>.</summary>
    string Kind { get; }

    /// <summary>The code of the company the record belongs to; null when there is no such record.</summary>
    Task<string?> CompanyOfAsync(string id, CancellationToken cancellationToken);
}

/// <summary>One id an input names: <see cref="CompanyCode"/> is null when no such record exists.</summary>
public sealed record CompanyResourceRef(string Path, string Kind, string Id, string? CompanyCode);

/// <summary>Finds the company resources a JSON input names, at any depth (a payload may nest them).</summary>
public sealed class CompanyResources(IEnumerable<ICompanyResource> resources)
{
    // Inputs are size-limited where they enter; the depth bound keeps a pathological document from recursing far.
    private const int MaxDepth = 32;

    private readonly Dictionary<string, ICompanyResource> _byInput = resources.ToDictionary(r => r.InputName, StringComparer.Ordinal);

    public IReadOnlyCollection<string> InputNames => _byInput.Keys;

    public async Task<IReadOnlyList<CompanyResourceRef>> ResolveAsync(JsonNode? input, CancellationToken cancellationToken)
    {
        var found = new List<(string Path, ICompanyResource Resource, string Id)>();
        Collect(input, "input", 0, found);
        var refs = new List<CompanyResourceRef>(found.Count);
        foreach (var (path, resource, id) in found)
        {
            refs.Add(new CompanyResourceRef(path, resource.Kind, id, await resource.CompanyOfAsync(id, cancellationToken)));
        }
        return refs;
    }

    private void Collect(JsonNode? node, string path, int depth, List<(string, ICompanyResource, string)> found)
    {
        if (depth > MaxDepth) return;
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    var child = $"{path}.{name}";
                    if (_byInput.TryGetValue(name, out var resource) && value is JsonValue v && v.TryGetValue<string>(out var id))
                    {
                        found.Add((child, resource, id));
                    }
                    else
                    {
                        Collect(value, child, depth + 1, found);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++) Collect(array[i], $"{path}[{i}]", depth + 1, found);
                break;
        }
    }
}

/// <summary>A record of a company outside the caller's reach was named; the API answers 403.</summary>
public sealed class CompanyForbiddenException(string companyCode)
    : ForbiddenException($"Your token does not grant access to company '{companyCode}'.", "company.forbidden")
{
    public string CompanyCode { get; } = companyCode;
}
