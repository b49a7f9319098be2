using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Core.Companies;
using Finance.Core.Payables;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Payables;

/// <summary>Creates a payment run for <c>Company</c> from account <c>DebtorIban</c>, paying every validated bill due by <c>ExecutionDate</c>.</summary>
public sealed record PaymentRunRequest(string Company, string DebtorIban, DateOnly ExecutionDate);

/// <summary>
/// Payment runs: list and read for every role, create and cancel for accountants (who run payments), download the
/// pain.001.001.09 file to hand to the bank.
/// </summary>
public static class PaymentRunEndpoints
{
    public static RouteGroupBuilder MapPaymentRunEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/payables/payment-runs")
            .WithTags("Payment runs")
            .RequireAuthorization(Policies.Read)
            .AddEndpointFilter(new CompanyAccessFilter("payment run", (services, id, ct) => services.GetRequiredService<PaymentRuns>().CompanyOfAsync(id, ct)))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/", List).WithName("ListPaymentRuns");
        group.MapGet("/{id:guid}", Get).WithName("GetPaymentRun");
        group.MapGet("/{id:guid}/file", File).WithName("GetPaymentRunFile").WithSummary("The pain.001.001.09 XML as produced.");
        group.MapPost("/", Create).WithName("CreatePaymentRun").RequireAuthorization(Policies.Write).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/cancel", Cancel).WithName("CancelPaymentRun").RequireAuthorization(Policies.Write).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Results<Ok<PaymentRun[]>, ValidationProblem, ProblemHttpResult>> List(
        string? company, int? limit, HttpContext http, PaymentRuns runs, CancellationToken cancellationToken)
    {
        if (QueryLimit.Error(limit) is { } limitError) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [limitError] });
        company = company?.Trim().ToUpperInvariant();
        if (!http.Companies().TryFilter(company, out var companies)) return Problems.CompanyForbidden(company!);
        return TypedResults.Ok((await runs.ListAsync(companies, limit ?? 50, cancellationToken)).ToArray());
    }

    private static async Task<Ok<PaymentRun>> Get(Guid id, PaymentRuns runs, CancellationToken cancellationToken) =>
        TypedResults.Ok((await runs.FindAsync(id, cancellationToken))!);

    private static async Task<IResult> File(Guid id, PaymentRuns runs, CancellationToken cancellationToken) =>
        await runs.FileAsync(id, cancellationToken) is { } f ? TypedResults.File(f.File, "application/xml", $"{f.MessageId}.xml") : TypedResults.NotFound();

    private static async Task<Results<Created<PaymentRun>, ValidationProblem, ProblemHttpResult>> Create(
        PaymentRunRequest request, HttpContext http, CompanyStore companies, PaymentRuns runs, CancellationToken cancellationToken)
    {
        var company = request.Company?.Trim().ToUpperInvariant() ?? "";
        if (await companies.FindAsync(company, cancellationToken) is null) return Problems.NotFound($"No company with code '{company}'.");
        if (!http.Companies().CanAccess(company)) return Problems.CompanyForbidden(company);
        return await ProblemOutcome.Run(async () =>
        {
            var run = await runs.CreateAsync(company, request.DebtorIban ?? "", request.ExecutionDate, BillEndpoints.Caller(http), cancellationToken);
            return TypedResults.Created($"/api/payables/payment-runs/{run.Id}", run);
        });
    }

    private static Task<Results<Ok<PaymentRun>, ValidationProblem, ProblemHttpResult>> Cancel(
        Guid id, HttpContext http, PaymentRuns runs, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () => TypedResults.Ok(await runs.CancelAsync(id, BillEndpoints.Caller(http), cancellationToken)));
}
