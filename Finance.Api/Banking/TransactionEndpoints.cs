using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Core.Banking;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Banking;

/// <summary>The companies' bank accounts, their transactions and cash position, for every role of the companies the token covers.</summary>
public static class TransactionEndpoints
{
    public static RouteGroupBuilder MapTransactionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/banking")
            .WithTags("Banking")
            .RequireAuthorization(Policies.Read)
            .AddEndpointFilter(BankTransactionAccess.Filter())
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/accounts", ListAccounts).WithName("ListBankAccounts");
        group.MapGet("/transactions", ListTransactions).WithName("ListBankTransactions")
            .WithSummary("Newest first; filter by company, account, status (unmatched, review, matched, ignored) and booking dates.");
        group.MapGet("/transactions/{id:guid}", GetTransaction).WithName("GetBankTransaction");
        group.MapGet("/cash-position", GetCashPosition).WithName("GetCashPosition")
            .WithSummary("Balance per account and per company and currency, day by day from `from` to `to` (default: the last 90 days, at most 367).");
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

    private static async Task<Results<Ok<CashPositionReport>, ValidationProblem, ProblemHttpResult>> GetCashPosition(string? company, DateOnly? from,
        DateOnly? to, HttpContext http, CashPosition cash, TimeProvider clock, CancellationToken cancellationToken)
    {
        var today = Core.Invoicing.SwissCalendar.Today(clock);
        var last = to ?? today;
        var first = from ?? last.AddDays(-89);
        var errors = new Dictionary<string, string[]>();
        if (first > last) errors["from"] = ["from must not be after to."];
        else if (last.DayNumber - first.DayNumber + 1 > CashPosition.MaxDays) errors["to"] = [$"At most {CashPosition.MaxDays} days from from."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        company = company?.Trim().ToUpperInvariant();
        if (!http.Companies().TryFilter(company, out var companies)) return Problems.CompanyForbidden(company!);
        return TypedResults.Ok(await cash.GetAsync(companies, first, last, cancellationToken));
    }

    private static async Task<Ok<BankTransaction>> GetTransaction(Guid id, BankTransactionStore transactions, CancellationToken cancellationToken) =>
        TypedResults.Ok((await transactions.FindAsync(id, cancellationToken))!);
}
