using System.Text.Json;
using Dapper;
using Finance.Core.Diagnostics;
using Finance.Core.Events;
using Finance.Core.Reconciliation.Engine;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Finance.Core.Reconciliation;

public sealed record ReconciliationRunResult(Guid RunId, string Company, int Lines, int OpenItems, int AutoConfirmed, int Suggested, int Unmatched,
    int ByRules, int Failed);

/// <summary>
/// One reconciliation of one company: load what is open, let the engine match it, book each sure match in its own
/// transaction (one that fails, e.g. an invoice cancelled meanwhile, goes to review instead of stopping the rest), set
/// aside what rules say, and refresh the review queue. Runs of one company are serialised by an advisory lock, whatever
/// the engine's queue concurrency.
/// </summary>
public sealed class ReconciliationRunner(NpgsqlDataSource dataSource, ReconciliationBooking booking, OutboxWriter outbox, TimeProvider clock,
    ILogger<ReconciliationRunner> logger)
{
    public const string CompletedEvent = "reconciliation.completed";
    public const string SystemUser = "reconciliation";

    public static ReconcileOptions Options { get; } = new();

    public async Task<ReconciliationRunResult> RunAsync(string company, CancellationToken cancellationToken)
    {
        using var span = FinanceDiagnostics.Source.StartActivity("reconciliation.run");
        span?.SetTag("finance.company", company);
        var started = clock.GetUtcNow();
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Held for the run on its own session: a second run of the company waits here rather than booking twice.
        await lockConnection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(hashtextextended('reconciliation:' || @company, 0))",
            new { company }, cancellationToken: cancellationToken));
        try
        {
            var companyKey = CompanyKey(company);
            var (items, lines, rules) = await ReconciliationLoader.LoadAsync(lockConnection, company, companyKey, cancellationToken);
            var result = Reconciler.Reconcile(items, [.. lines.Select(l => ReconciliationLoader.ToLine(l, companyKey))], rules, Options);
            var failed = 0;
            foreach (var match in result.AutoConfirmed)
            {
                if (!await TryBookAsync(match, cancellationToken)) failed++;
            }
            var byRules = await SetAsideAsync(result.RuleOutcomes, cancellationToken);
            await SaveReviewQueueAsync(result, cancellationToken);
            var run = new ReconciliationRunResult(Guid.CreateVersion7(started), company, lines.Count, items.Count, result.AutoConfirmed.Count - failed,
                result.Suggestions.Count, result.Unmatched.Count, byRules, failed);
            await RecordRunAsync(run, started, cancellationToken);
            span?.SetTag("finance.reconciliation.auto", run.AutoConfirmed);
            span?.SetTag("finance.reconciliation.review", run.Suggested);
            return run;
        }
        finally
        {
            await lockConnection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(hashtextextended('reconciliation:' || @company, 0))",
                new { company }, cancellationToken: CancellationToken.None));
        }
    }

    /// <summary>The engine groups by a Guid company key; ours is the code.</summary>
    private static Guid CompanyKey(string company) => new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(company)).AsSpan(0, 16));

    private async Task<bool> TryBookAsync(ReconcileMatch match, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await booking.BookAsync(transaction, new MatchBookingRequest(match.LineId, match.Allocations, match.WriteOff, match.Fee, match.Kind.ToString(),
                match.Score, match.Reasons, Automatic: true, SystemUser), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (Errors.DomainException e)
        {
            logger.LogWarning("Auto-confirmed match of bank transaction {TransactionId} could not be booked ({Code}): {Message}; it goes to review.",
                match.LineId, e.Code, e.Message);
            return false;
        }
    }

    private async Task<int> SetAsideAsync(IReadOnlyList<RuleOutcome> outcomes, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var outcome in outcomes.Where(o => o.Action is RuleActionKind.Ignore or RuleActionKind.BookAsBankFee))
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await booking.SetAsideAsync(transaction, outcome.LineId, outcome.Action == RuleActionKind.Ignore ? "ignored" : "fee", $"rule {outcome.Rule}",
                automatic: true, SystemUser, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            count++;
        }
        return count;
    }

    // The review queue: each suggested line's candidates replace the previous run's; lines without any go back to unmatched.
    private async Task SaveReviewQueueAsync(ReconcileResult result, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rows = result.Suggestions.SelectMany(s => s.Ranked.Select((m, rank) => new
        {
            transaction_id = s.LineId, rank = rank + 1, kind = m.Kind.ToString(), fit = m.Fit.ToString(), score = Math.Round(m.Score, 4),
            allocations = m.Allocations, write_off = m.WriteOff, fee = m.Fee, reasons = string.Join("; ", m.Reasons),
        })).ToList();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM reconciliation_suggestions WHERE transaction_id = ANY(@lines);
            INSERT INTO reconciliation_suggestions (transaction_id, rank, kind, fit, score, allocations, write_off, fee, reasons, created_at)
            SELECT r.transaction_id, r.rank, r.kind, r.fit, r.score, r.allocations, r.write_off, r.fee, r.reasons, @now
            FROM jsonb_to_recordset(@rows::jsonb) AS r(transaction_id uuid, rank int, kind text, fit text, score numeric, allocations jsonb,
                write_off numeric, fee numeric, reasons text)
            JOIN bank_transactions t ON t.id = r.transaction_id AND t.status IN ('unmatched', 'review');
            UPDATE bank_transactions SET status = 'review' WHERE id = ANY(@suggested) AND status = 'unmatched';
            UPDATE bank_transactions SET status = 'unmatched' WHERE id = ANY(@unmatched) AND status = 'review';
            """, new
        {
            lines = result.Suggestions.Select(s => s.LineId).Concat(result.Unmatched).ToArray(),
            rows = JsonSerializer.Serialize(rows, JsonSerializerOptions.Web),
            now,
            suggested = result.Suggestions.Where(s => s.Ranked.Count > 0).Select(s => s.LineId).ToArray(),
            unmatched = result.Unmatched.ToArray(),
        }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task RecordRunAsync(ReconciliationRunResult run, DateTimeOffset started, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO reconciliation_runs (id, company_id, started_at, finished_at, lines, open_items, auto_confirmed, suggested, unmatched, by_rules)
            SELECT @id, c.id, @started, @finished, @lines, @items, @auto, @suggested, @unmatched, @byRules FROM companies c WHERE c.code = @company
            """, new
        {
            id = run.RunId, started, finished = clock.GetUtcNow(), lines = run.Lines, items = run.OpenItems, auto = run.AutoConfirmed,
            suggested = run.Suggested, unmatched = run.Unmatched, byRules = run.ByRules, company = run.Company,
        }, transaction, cancellationToken: cancellationToken));
        await outbox.AppendAsync(transaction, CompletedEvent, run.Company, new
        {
            company = run.Company, run.Lines, autoConfirmed = run.AutoConfirmed, review = run.Suggested, run.Unmatched, byRules = run.ByRules,
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
