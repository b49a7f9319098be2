using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Workflows.Runs;

namespace Finance.Api.Flows;

/// <summary>What the flow endpoints share: reading a JSON body as text, and the company check on <c>{id}</c> routes.</summary>
internal static class FlowHttp
{
    /// <summary>
    /// The body as text: definitions and signal payloads are parsed by the workflow layer, so malformed JSON becomes a
    /// problem naming the path instead of the framework's bare 400.
    /// </summary>
    public static async Task<string> ReadBodyAsync(this HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}

/// <summary>
/// On <c>/api/flows/instances/{id}</c> routes: 404 when there is no such instance, 403 when it belongs to a company
/// outside the token's claim (an instance without a company is for callers who see the whole group).
/// </summary>
internal sealed class FlowInstanceAccessFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.RouteValues.TryGetValue("id", out var raw) && raw?.ToString() is { } id)
        {
            var instance = await http.RequestServices.GetRequiredService<IFlowInstances>().FindAsync(id, http.RequestAborted);
            if (instance is null) return Problems.NotFound($"No flow instance '{id}'.");
            if (!http.Companies().CanSee(instance.CompanyCode))
                return Problems.CompanyForbidden(instance.CompanyCode, $"Flow instance '{id}' belongs to no single company; your token does not cover the whole group.");
        }
        return await next(context);
    }
}
