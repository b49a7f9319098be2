using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Core.Banking;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Banking;

/// <summary>The companies' bank accounts and their transactions, for every role of the companies the token covers.</summary>
public static class TransactionEndpoints
{
    public static RouteGroupBuilder MapTransactionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/banking")
            .WithTags("Banking")
            .RequireAuthorization(Policies.Read)
            .AddEndpointFilter(new CompanyAccessFilter("bank transaction", (services, id, ct) =>
                services.GetRequiredService<BankTransactionStore>().CompanyOfAsync(id, ct)))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/accounts", ListAccounts).WithName("ListBankAccounts");
        group.MapGet("/transactions", ListTransactions).WithName("ListBankTransactions")
            .WithSummary("Newest first; filter by company, account, status (unmatched, review, matched, ignored) and booking dates.");
        group.MapGet("/transactions/{id:guid}", GetTransaction).WithName("GetBankTransaction");
        return group;
    }

    private static async Task<Results<Ok<BankingAccount[]>, ProblemHttpResult>> ListAccounts(string? company, HttpContext http, BankAccountStore accounts,
        CancellationToken cancellationToken)
    {
        company = company?.Trim().ToUpperInvariant();
        if (!http.Companies().TryFilter(company, out var companies)) return Problems.CompanyForbidden(company!);
        return TypedResults.Ok((await accounts.ListAsync(companies, cancellationToken)).ToArray());
    }

    private static async Task<Results<Ok<BankTransaction[]>, ValidationProblem, ProblemHttpResult>> ListTransactions(string? company, int? account,
        string? status, DateOnly? from, DateOnly? to, DateOnly? before, int? limit, HttpContext http, BankTransactionStore transactions,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !BankTransactionStatus.All.Contains(status)) errors["status"] = [$"One of {string.Join(", ", BankTransactionStatus.All)}."];
        if (QueryLimit.Error(limit) is { } limitError) errors["limit"] = [limitError];
        if (from > to) errors["from"] = ["from must not be after to."];
        if (account is <= 0) errors["account"] = ["An account id from /api/banking/accounts."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        company = company?.Trim().ToUpperInvariant();
        if (!http.Companies().TryFilter(company, out var companies)) return Problems.CompanyForbidden(company!);
        return TypedResults.Ok((await transactions.ListAsync(new BankTransactionFilter(companies, account, status, from, to, limit ?? 100, before),
            cancellationToken)).ToArray());
    }

    private static async Task<Ok<BankTransaction>> GetTransaction(Guid id, BankTransactionStore transactions, CancellationToken cancellationToken) =>
        TypedResults.Ok((await transactions.FindAsync(id, cancellationToken))!);
}
