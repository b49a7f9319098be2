using Finance.Api.Infrastructure;
using Finance.Core.Errors;
using Finance.Api.Auth;
using Finance.Core.Companies;
using Finance.Core.Invoicing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Invoicing;

/// <summary>Customers of a company: <c>/api/customers?company=CODE</c> and <c>/api/customers/{id}</c>
/// (the same shape as <c>/api/invoices</c>: the company is a filter or a body field, never a path segment).</summary>
public static class CustomerEndpoints
{
    public static RouteGroupBuilder MapCustomerEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/customers")
            .WithTags("Customers")
            .RequireAuthorization(Policies.Read)
            .AddEndpointFilter(new CompanyAccessFilter("customer", (services, id, ct) => services.GetRequiredService<CustomerStore>().CompanyOfAsync(id, ct)))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/", ListCustomers).WithName("ListCustomers");
        group.MapGet("/{id:guid}", GetCustomer).WithName("GetCustomer");
        group.MapPost("/", CreateCustomer).WithName("CreateCustomer").RequireAuthorization(Policies.Write);
        group.MapPut("/{id:guid}", UpdateCustomer).WithName("UpdateCustomer").RequireAuthorization(Policies.Write);
        group.MapDelete("/{id:guid}", DeleteCustomer).WithName("DeleteCustomer").RequireAuthorization(Policies.Write);
        return group;
    }

    private static Task<Results<Ok<CustomerResponse[]>, ValidationProblem, ProblemHttpResult>> ListCustomers(
        string? company, HttpContext http, CompanyStore companies, CustomerStore customers, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            var code = await http.EnsureCompanyAsync(companies, company, cancellationToken);
            var list = await customers.ListAsync(code, cancellationToken);
            return TypedResults.Ok(list.Select(CustomerResponse.From).ToArray());
        });

    private static async Task<Ok<CustomerResponse>> GetCustomer(Guid id, CustomerStore customers, CancellationToken cancellationToken) =>
        TypedResults.Ok(CustomerResponse.From((await customers.FindAsync(id, cancellationToken))!));

    private static Task<Results<Created<CustomerResponse>, ValidationProblem, ProblemHttpResult>> CreateCustomer(
        CustomerRequest request, HttpContext http, CompanyStore companies, CustomerStore customers, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            var code = await http.EnsureCompanyAsync(companies, request.Company, cancellationToken);
            var customer = await customers.CreateAsync(code, request.ToInput(), cancellationToken);
            return TypedResults.Created($"/api/customers/{customer.Id}", CustomerResponse.From(customer));
        });

    private static Task<Results<Ok<CustomerResponse>, ValidationProblem, ProblemHttpResult>> UpdateCustomer(
        Guid id, CustomerRequest request, CustomerStore customers, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            if (request.Company is { } asked && !string.Equals(asked.Trim(), await customers.CompanyOfAsync(id, cancellationToken), StringComparison.OrdinalIgnoreCase))
                throw ValidationException.For("company", "A customer stays with its company; leave company out or send its code.");
            return TypedResults.Ok(CustomerResponse.From(await customers.UpdateAsync(id, request.ToInput(), cancellationToken)));
        });

    private static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteCustomer(Guid id, CustomerStore customers, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            await customers.DeleteAsync(id, cancellationToken);
            return TypedResults.NoContent();
        });
}
