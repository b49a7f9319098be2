using Dapper;
using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Npgsql;

namespace Finance.Api.Notifications;

/// <summary>
/// Settings entries (recipients, webhook endpoints) belong to one company or to every company: unknown → 404; another
/// company's → 403; a group-wide one → 403 unless the token covers the whole group. Reads the entry's company from
/// <paramref name="table"/> (a constant of this file's callers, never input).
/// </summary>
internal sealed class EntryScopeFilter(string resource, string table) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.RouteValues.TryGetValue("id", out var raw) || !Guid.TryParse(raw?.ToString(), out var id)) return await next(context);
        await using var connection = await http.RequestServices.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(http.RequestAborted);
        var entry = await connection.QuerySingleOrDefaultAsync<(Guid Id, string? Company)?>(new CommandDefinition(
            $"SELECT e.id, c.code FROM {table} e LEFT JOIN companies c ON c.id = e.company_id WHERE e.id = @id", new { id },
            cancellationToken: http.RequestAborted));
        if (entry is null) return Problems.NotFound($"No {resource} with id '{id}'.");
        if (!http.Companies().CanSee(entry.Value.Company))
        {
            return Problems.CompanyForbidden(entry.Value.Company, $"This {resource} serves every company: it needs a token with companies=*.");
        }
        return await next(context);
    }
}
