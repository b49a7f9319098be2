using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Core.Companies;
using Finance.Core.Payables;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Finance.Api.Payables;

/// <summary>Suppliers per company: list for every role, create for accountants (a supplier's IBANs recognise its next bills).</summary>
public static class SupplierEndpoints
{
    public static RouteGroupBuilder MapSupplierEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/payables/suppliers")
            .WithTags("Suppliers")
            .RequireAuthorization(Policies.Read)
            .AddEndpointFilter(new CompanyAccessFilter("supplier", (services, id, ct) => new SupplierResource(services.GetRequiredService<NpgsqlDataSource>())
                .CompanyOfAsync(id.ToString(), ct)))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/", List).WithName("ListSuppliers");
        group.MapGet("/{id:guid}", Get).WithName("GetSupplier");
        group.MapPost("/", Create).WithName("CreateSupplier").RequireAuthorization(Policies.Write).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Results<Ok<Supplier[]>, ValidationProblem, ProblemHttpResult>> List(
        string? company, int? limit, HttpContext http, SupplierStore suppliers, CancellationToken cancellationToken)
    {
        if (QueryLimit.Error(limit) is { } limitError) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [limitError] });
        company = company?.Trim().ToUpperInvariant();
        if (!http.Companies().TryFilter(company, out var companies)) return Problems.CompanyForbidden(company!);
        var list = await suppliers.ListAsync(companies, limit ?? 100, cancellationToken);
        return TypedResults.Ok(list.ToArray());
    }

    private static async Task<Ok<Supplier>> Get(Guid id, SupplierStore suppliers, CancellationToken cancellationToken) =>
        TypedResults.Ok((await suppliers.FindAsync(id, cancellationToken))!);

    private static async Task<Results<Created<Supplier>, ValidationProblem, ProblemHttpResult>> Create(
        SupplierRequest request, HttpContext http, CompanyStore companies, SupplierStore suppliers, NpgsqlDataSource dataSource,
        CancellationToken cancellationToken)
    {
        var company = request.Company?.Trim().ToUpperInvariant() ?? "";
        if (await companies.FindAsync(company, cancellationToken) is null) return Problems.NotFound($"No company with code '{company}'.");
        if (!http.Companies().CanAccess(company)) return Problems.CompanyForbidden(company);
        return await ProblemOutcome.Run(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var id = await suppliers.CreateAsync(transaction, company, request.ToInput(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return TypedResults.Created($"/api/payables/suppliers/{id}", (await suppliers.FindAsync(id, cancellationToken))!);
        });
    }
}
