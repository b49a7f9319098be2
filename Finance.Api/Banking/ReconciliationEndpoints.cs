using System.Text.Json.Nodes;
using Dapper;
using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Core.Banking;
using Finance.Core.Reconciliation;
using Finance.Core.Reconciliation.Engine;
using Finance.Workflows.Banking;
using Finance.Workflows.Engines;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Finance.Api.Banking;

/// <summary>
/// The reconciliation review: a transaction's ranked suggestions and its matches (with undone ones: the audit trail);
/// confirm a suggestion or one's own allocation, set a line aside, undo a match; start a sync or a reconciliation now.
/// Accountants and admins act, every role reads.
/// </summary>
public static class ReconciliationEndpoints
{
    public static RouteGroupBuilder MapReconciliationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/banking/transactions/{id:guid}")
            .WithTags("Banking")
            .RequireAuthorization(Policies.Read)
            .AddEndpointFilter(BankTransactionAccess.Filter())
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/reconciliation", Review).WithName("GetTransactionReconciliation");
        group.MapPost("/confirm", Confirm).WithName("ConfirmTransactionMatch").RequireAuthorization(Policies.Write)
            .WithSummary("Books a suggestion (rank) or the given allocations; the invoices paid start invoice.mark-paid.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/set-aside", SetAside).WithName("SetTransactionAside").RequireAuthorization(Policies.Write)
            .WithSummary("Marks the line a bank fee or not for matching (target fee or ignored).").ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/undo", Undo).WithName("UndoTransactionMatch").RequireAuthorization(Policies.Write)
            .WithSummary("Reverses the line's matches (payments, write-offs, bills paid); the match rows stay, marked undone.")
            .ProducesProblem(StatusCodes.Status409Conflict);

        var actions = app.MapGroup("/api/banking").WithTags("Banking").RequireAuthorization(Policies.Write)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        actions.MapPost("/sync", ForceSync).WithName("ForceBankSync").WithSummary("forceSync(source, company): starts the sync flow now.");
        actions.MapPost("/reconciliation", ForceReconciliation).WithName("ForceReconciliation")
            .WithSummary("forceReconciliation(company): starts the reconciliation flow now.");
        return group;
    }

    private static async Task<Ok<TransactionReconciliationResponse>> Review(Guid id, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var transaction = (await BankTransactionStore.FindAsync(connection, null, id, cancellationToken))!;
        var suggestions = await connection.QueryAsync<SuggestionResponse>(new CommandDefinition("""
            SELECT rank AS Rank, kind AS Kind, fit AS Fit, score AS Score, allocations::text AS Allocations, write_off AS WriteOff, fee AS Fee, reasons AS Reasons
            FROM reconciliation_suggestions WHERE transaction_id = @id ORDER BY rank
            """, new { id }, cancellationToken: cancellationToken));
        var matches = await connection.QueryAsync<MatchResponse>(new CommandDefinition("""
            SELECT id AS Id, target AS Target, invoice_id AS InvoiceId, bill_id AS BillId, payment_id AS PaymentId, amount AS Amount, write_off AS WriteOff,
                   fee AS Fee, kind AS Kind, score AS Score, reasons AS Reasons, automatic AS Automatic, status AS Status, confirmed_by AS ConfirmedBy,
                   confirmed_at AS ConfirmedAt, undone_by AS UndoneBy, undone_at AS UndoneAt, undo_reason AS UndoReason
            FROM reconciliation_matches WHERE transaction_id = @id ORDER BY confirmed_at, id
            """, new { id }, cancellationToken: cancellationToken));
        return TypedResults.Ok(new TransactionReconciliationResponse(transaction, [.. suggestions], [.. matches]));
    }

    private static Task<Results<Ok<BankTransaction>, ValidationProblem, ProblemHttpResult>> Confirm(Guid id, ConfirmMatchRequest request,
        HttpContext http, NpgsqlDataSource dataSource, ReconciliationBooking booking, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var booked = await booking.BookAsync(transaction, await ToBookingAsync(connection, transaction, id, request, http.User.Subject() ?? "api",
                cancellationToken), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return TypedResults.Ok(booked);
        });

    private static async Task<MatchBookingRequest> ToBookingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id,
        ConfirmMatchRequest request, string by, CancellationToken cancellationToken)
    {
        // A matched line has no suggestions left: say so (409), not "no suggestion 1".
        if (await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT status FROM bank_transactions WHERE id = @id", new { id }, transaction,
                cancellationToken: cancellationToken)) is BankTransactionStatus.Matched or BankTransactionStatus.Ignored)
        {
            throw new Core.Errors.ConflictException("The transaction is matched already; undo its match first.", "bank_transaction.not_open");
        }
        if (request.Rank is { } rank)
        {
            var s = await connection.QuerySingleOrDefaultAsync<(string Kind, decimal Score, string Allocations, decimal WriteOff, decimal Fee, string Reasons)?>(
                new CommandDefinition("SELECT kind, score, allocations::text, write_off, fee, reasons FROM reconciliation_suggestions WHERE transaction_id = @id AND rank = @rank",
                    new { id, rank }, transaction, cancellationToken: cancellationToken))
                ?? throw Core.Errors.ValidationException.For("rank", $"The transaction has no suggestion {rank}.");
            var allocations = System.Text.Json.JsonSerializer.Deserialize<Allocation[]>(s.Allocations, System.Text.Json.JsonSerializerOptions.Web)!;
            return new MatchBookingRequest(id, allocations, s.WriteOff, s.Fee, s.Kind, (double)s.Score, [s.Reasons, $"suggestion {rank} confirmed"], false, by);
        }
        if (request.Allocations is not { Count: > 0 and <= 50 } list || list.Any(a => a.Amount <= 0))
        {
            throw Core.Errors.ValidationException.For("allocations", "Give a suggestion rank, or 1 to 50 allocations (invoice or bill id, amount > 0).");
        }
        return new MatchBookingRequest(id, [.. list.Select(a => new Allocation(a.ItemId, a.Amount))], request.WriteOff ?? 0m, 0m, "Manual", 1.0,
            ["matched by hand"], false, by);
    }

    private static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetAside(Guid id, SetAsideRequest request, HttpContext http,
        NpgsqlDataSource dataSource, ReconciliationBooking booking, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            if (request.Target is not ("fee" or "ignored")) throw Core.Errors.ValidationException.For("target", "fee or ignored.");
            if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 500) throw Core.Errors.ValidationException.For("reason", "1 to 500 characters.");
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await booking.SetAsideAsync(transaction, id, request.Target, request.Reason, false, http.User.Subject() ?? "api", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return TypedResults.NoContent();
        });

    private static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Undo(Guid id, UndoMatchRequest request, HttpContext http,
        NpgsqlDataSource dataSource, ReconciliationBooking booking, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await booking.UndoAsync(transaction, id, http.User.Subject() ?? "api", request.Reason ?? "", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return TypedResults.NoContent();
        });

    private static Task<Results<Accepted<FlowInstanceRef>, ValidationProblem, ProblemHttpResult>> ForceSync(ForceSyncRequest request, HttpContext http,
        Core.Companies.CompanyStore companies, IFlowEngine engine, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            if (!SyncActivity.Sources.Contains(request.Source)) throw Core.Errors.ValidationException.For("source", "revolut, invoice_ninja or all.");
            var company = await http.EnsureCompanyAsync(companies, request.Company, cancellationToken);
            var started = await engine.StartAsync(new StartFlowRequest(BankingFlows.SyncId, new JsonObject { ["source"] = request.Source }, company,
                $"force-sync:{company}"), cancellationToken);
            return TypedResults.Accepted($"/api/flows/instances/{started.InstanceId}", started);
        });

    private static Task<Results<Accepted<FlowInstanceRef>, ValidationProblem, ProblemHttpResult>> ForceReconciliation(ForceReconciliationRequest request,
        HttpContext http, Core.Companies.CompanyStore companies, IFlowEngine engine, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            var company = await http.EnsureCompanyAsync(companies, request.Company, cancellationToken);
            var started = await engine.StartAsync(new StartFlowRequest(BankingFlows.ReconciliationId, null, company, $"force-reconciliation:{company}"),
                cancellationToken);
            return TypedResults.Accepted($"/api/flows/instances/{started.InstanceId}", started);
        });
}

public sealed record AllocationRequest(Guid ItemId, decimal Amount);

/// <summary>Either <see cref="Rank"/> (a suggestion of the review queue) or <see cref="Allocations"/> (matched by hand, with an optional write-off).</summary>
public sealed record ConfirmMatchRequest(int? Rank, IReadOnlyList<AllocationRequest>? Allocations, decimal? WriteOff);

public sealed record SetAsideRequest(string Target, string Reason);

public sealed record UndoMatchRequest(string? Reason);

public sealed record ForceSyncRequest(string Source, string? Company);

public sealed record ForceReconciliationRequest(string? Company);

public sealed record SuggestionResponse(int Rank, string Kind, string Fit, decimal Score, string Allocations, decimal WriteOff, decimal Fee, string Reasons);

public sealed record MatchResponse(Guid Id, string Target, Guid? InvoiceId, Guid? BillId, Guid? PaymentId, decimal Amount, decimal WriteOff, decimal Fee,
    string Kind, decimal Score, string Reasons, bool Automatic, string Status, string ConfirmedBy, DateTime ConfirmedAt, string? UndoneBy,
    DateTime? UndoneAt, string? UndoReason);

public sealed record TransactionReconciliationResponse(BankTransaction Transaction, SuggestionResponse[] Suggestions, MatchResponse[] Matches);
