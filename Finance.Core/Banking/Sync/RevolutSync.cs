using System.Diagnostics;
using Dapper;
using Finance.Core.Banking.Statements;
using Finance.Core.Diagnostics;
using Finance.Core.Events;
using Finance.Core.Integrations.Revolut;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Finance.Core.Banking.Sync;

public sealed record SyncResult(string Source, string Company, int Synced, int Errors, string? Error = null);

/// <summary>
/// Pulls a company's Revolut Business transactions into <c>bank_transactions</c>: completed ones, one row per leg on one
/// of our linked accounts, stored once (by Revolut's transaction and leg ids). It reads from one day before the last
/// transaction seen (late completions arrive with their creation time) and records <c>sync.completed</c>.
/// </summary>
public sealed class RevolutSync(NpgsqlDataSource dataSource, RevolutClient client, IOptions<RevolutOptions> options, BankTransactionStore transactions,
    OutboxWriter outbox, TimeProvider clock)
{
    public const string Source = "revolut";
    public const string CompletedEvent = "sync.completed";
    private static readonly TimeSpan Overlap = TimeSpan.FromDays(1);
    private static readonly TimeSpan FirstSync = TimeSpan.FromDays(90);

    public async Task<SyncResult> SyncAsync(string company, CancellationToken cancellationToken)
    {
        using var span = FinanceDiagnostics.Source.StartActivity("sync.revolut", ActivityKind.Client);
        span?.SetTag("finance.company", company);
        if (!options.Value.Companies.ContainsKey(company)) return await RecordAsync(company, null, 0, null, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var accounts = (await connection.QueryAsync<(int Id, string ExternalId)>(new CommandDefinition("""
            SELECT a.id, a.external_id FROM company_bank_accounts a JOIN companies c ON c.id = a.company_id
            WHERE c.code = @company AND a.source = 'revolut' AND a.external_id IS NOT NULL
            """, new { company }, cancellationToken: cancellationToken))).ToDictionary(a => a.ExternalId, a => a.Id, StringComparer.Ordinal);
        var cursor = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition("""
            SELECT s.cursor FROM sync_cursors s JOIN companies c ON c.id = s.company_id WHERE c.code = @company AND s.source = 'revolut'
            """, new { company }, cancellationToken: cancellationToken));
        var now = clock.GetUtcNow();
        var from = cursor is { } seen ? new DateTimeOffset(DateTime.SpecifyKind(seen, DateTimeKind.Utc)) - Overlap : now - FirstSync;
        var pulled = await client.GetTransactionsAsync(company, from, now, cancellationToken);
        var rows = pulled.Where(t => t.State == "completed")
            .SelectMany(t => t.Legs.Where(l => accounts.ContainsKey(l.AccountId)).Select(l => Row(t, l, accounts[l.AccountId])))
            .ToList();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = await transactions.InsertAsync(transaction, null, rows, cancellationToken);
        await RecordBalancesAsync(transaction, pulled, accounts, cancellationToken);
        var newest = pulled.Count > 0 ? pulled.Max(t => t.CreatedAt) : (DateTimeOffset?)null;
        var result = await RecordAsync(transaction, company, newest, stored.Count, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        span?.SetTag("finance.sync.synced", stored.Count);
        return result;
    }

    /// <summary>
    /// Each leg states the account's balance after it: the day's last one per account is the cash position's anchor for
    /// that day (the day the leg is booked on, as its transaction). A later sync of the same day replaces it.
    /// </summary>
    private async Task RecordBalancesAsync(NpgsqlTransaction transaction, IReadOnlyList<RevolutTransaction> pulled, Dictionary<string, int> accounts,
        CancellationToken cancellationToken)
    {
        var balances = pulled.Where(t => t.State == "completed")
            .SelectMany(t => t.Legs.Where(l => l.Balance is not null && accounts.ContainsKey(l.AccountId)).Select(l => (At: t.CompletedAt ?? t.CreatedAt, Leg: l)))
            .GroupBy(x => (Account: accounts[x.Leg.AccountId], Day: DateOnly.FromDateTime(x.At.UtcDateTime)))
            .Select(g => g.MaxBy(x => x.At))
            .Select(x => new { account = accounts[x.Leg.AccountId], day = DateOnly.FromDateTime(x.At.UtcDateTime), balance = x.Leg.Balance!.Value, currency = x.Leg.Currency, now = clock.GetUtcNow() })
            .ToList();
        if (balances.Count == 0) return;
        await transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            INSERT INTO bank_balances (account_id, as_of, balance, currency, source, recorded_at) VALUES (@account, @day, @balance, @currency, 'revolut', @now)
            ON CONFLICT (account_id, as_of, source) DO UPDATE SET balance = EXCLUDED.balance, currency = EXCLUDED.currency, recorded_at = EXCLUDED.recorded_at
            """, balances, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>A failed pull is recorded (the dashboard's sync errors) and announced, then the caller decides whether to retry.</summary>
    public async Task<SyncResult> FailedAsync(string company, Exception error, CancellationToken cancellationToken) =>
        await RecordAsync(company, null, 0, error.Message, cancellationToken);

    private static NewBankTransaction Row(RevolutTransaction t, RevolutLeg leg, int accountId)
    {
        var reference = t.Reference is { } r ? StructuredReferences.Classify(r.Replace(" ", "", StringComparison.Ordinal), null) : null;
        var structured = reference is { IsValid: true, Kind: ReferenceKind.Qrr or ReferenceKind.Scor };
        return new NewBankTransaction
        {
            AccountId = accountId,
            DedupKey = $"revolut:{t.Id}:{leg.LegId}",
            Source = Source,
            BookingDate = DateOnly.FromDateTime((t.CompletedAt ?? t.CreatedAt).UtcDateTime),
            ValueDate = DateOnly.FromDateTime((t.CompletedAt ?? t.CreatedAt).UtcDateTime),
            Amount = leg.Amount,
            Currency = leg.Currency,
            CounterpartyName = t.Merchant?.Name ?? Counterparty(leg.Description),
            ReferenceType = structured ? (reference!.Kind == ReferenceKind.Qrr ? "QRR" : "SCOR") : null,
            Reference = structured ? reference!.Value : null,
            BankReference = t.Id,
            Remittance = string.Join('\n', new[] { leg.Description, t.Reference }.Where(s => !string.IsNullOrWhiteSpace(s))),
            Charges = leg.Fee is > 0 ? leg.Fee : null,
        };
    }

    // Revolut describes a transfer as "Payment from Muller AG" / "To Imprimerie Favre SA": the name after the preposition.
    private static string? Counterparty(string? description)
    {
        if (description is null) return null;
        foreach (var prefix in new[] { "Payment from ", "Transfer from ", "From ", "To ", "Payment to " })
        {
            if (description.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return description[prefix.Length..].Trim();
        }
        return description;
    }

    private async Task<SyncResult> RecordAsync(string company, DateTimeOffset? newest, int synced, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await RecordAsync(transaction, company, newest, synced, error, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task<SyncResult> RecordAsync(NpgsqlTransaction transaction, string company, DateTimeOffset? newest, int synced, string? error,
        CancellationToken cancellationToken)
    {
        await transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            INSERT INTO sync_cursors (company_id, source, cursor, last_run_at, last_synced, last_error)
            SELECT c.id, 'revolut', @newest, @now, @synced, @error FROM companies c WHERE c.code = @company
            ON CONFLICT (company_id, source) DO UPDATE SET cursor = GREATEST(sync_cursors.cursor, EXCLUDED.cursor), last_run_at = EXCLUDED.last_run_at,
                last_synced = EXCLUDED.last_synced, last_error = EXCLUDED.last_error
            """, new { company, newest, now = clock.GetUtcNow(), synced, error }, transaction, cancellationToken: cancellationToken));
        var result = new SyncResult(Source, company, synced, error is null ? 0 : 1, error);
        await outbox.AppendAsync(transaction, CompletedEvent, company, new { source = Source, company, synced, errors = result.Errors }, cancellationToken);
        return result;
    }
}
