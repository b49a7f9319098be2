using System.Diagnostics;
using System.Net;
using Dapper;
using Finance.Core.Diagnostics;
using Finance.Core.Events;
using Finance.Core.Integrations.InvoiceNinja;
using Finance.Core.Invoicing;
using Microsoft.Extensions.Options;
using Npgsql;
using static Finance.Core.Banking.Sync.NinjaSyncRows;

namespace Finance.Core.Banking.Sync;

/// <summary>
/// Invoice Ninja v5 both ways for a company configured under <c>InvoiceNinja:Companies:{code}</c>. A run, holding the
/// company's sync lock: (1) reads Invoice Ninja's payments changed since the cursor and pushes the payments recorded here on
/// its invoices, except those the planner finds there already by our id in the custom field (a run that died after its
/// POST); (2) reads the clients and invoices changed since the cursor (after the pushes, so their figures include them)
/// and copies them here by the rule on <see cref="NinjaSyncPlanner"/>, mapped by <see cref="NinjaMapping"/>; (3) writes
/// everything, the new cursor and <c>sync.completed</c> in one transaction. The cursor is the time the run began reading
/// (our clock), and each run reads from five minutes before it, in case the two clocks disagree (a record read twice is
/// skipped: the copies agree). A record that cannot be taken is shown as a conflict (field <c>import</c>) and counted as an
/// error; it comes in once corrected there, which changes its <c>updated_at</c>. Invoice Ninja refusing the token (or any
/// answer but 429) ends the run as a recorded failure, cursor untouched; 429, 5xx and network failures are thrown for the
/// engine to retry. Deleted clients and invoices there are left alone here (our books keep what was invoiced).
/// </summary>
public sealed class NinjaSync(NpgsqlDataSource dataSource, InvoiceNinjaClient client, IOptions<InvoiceNinjaOptions> options, InvoiceSettlement settlement,
    OutboxWriter outbox, TimeProvider clock)
{
    public const string Source = NinjaSyncRows.Source;
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(5);

    public bool IsConfigured(string company) => options.Value.Companies.ContainsKey(company);

    /// <summary>Syncs one company; a company without Invoice Ninja has nothing to sync and nothing is recorded.</summary>
    public async Task<SyncResult> SyncAsync(string company, CancellationToken cancellationToken)
    {
        using var span = FinanceDiagnostics.Source.StartActivity("sync.invoice_ninja", ActivityKind.Client);
        span?.SetTag("finance.company", company);
        if (!IsConfigured(company)) return new SyncResult(Source, company, 0, 0);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One run per company at a time (the client's push is a look-up then a create): a second run waits, then sees the first's work.
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(hashtext('invoice_ninja:' || @company))", new { company },
            cancellationToken: cancellationToken));
        try
        {
            var result = await RunAsync(connection, company, cancellationToken);
            span?.SetTag("finance.sync.synced", result.Synced);
            span?.SetTag("finance.sync.errors", result.Errors);
            return result;
        }
        catch (InvoiceNinjaApiException e) when (e.Status != HttpStatusCode.TooManyRequests && (int)e.Status < 500)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            return await FailedAsync(connection, company, e, cancellationToken);
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(hashtext('invoice_ninja:' || @company))", new { company },
                cancellationToken: CancellationToken.None));
        }
    }

    private async Task<SyncResult> RunAsync(NpgsqlConnection connection, string company, CancellationToken ct)
    {
        var (cursor, language) = await connection.QuerySingleAsync<(DateTime? Cursor, string Language)>(new CommandDefinition("""
            SELECT s.cursor, c.default_language FROM companies c LEFT JOIN sync_cursors s ON s.company_id = c.id AND s.source = 'invoice_ninja'
            WHERE c.code = @company
            """, new { company }, cancellationToken: ct));
        var planCursor = cursor is { } seen ? new DateTimeOffset(DateTime.SpecifyKind(seen, DateTimeKind.Utc)) : DateTimeOffset.MinValue;
        DateTimeOffset? since = cursor is null ? null : planCursor - Overlap;
        var readAt = clock.GetUtcNow();

        // (1) Payments out. The planner drops every payment whose id already sits on a payment there: that is the guard.
        var theirPayments = await client.ListPaymentsAsync(company, since, ct);
        var unpushed = await UnpushedAsync(connection, company, ct);
        var field = options.Value.PaymentIdCustomField;
        var decisions = NinjaSyncPlanner.Plan(planCursor, [], [], [.. unpushed.Select(p => new OurNinjaPayment(p.Id.ToString(), p.InvoiceExternalId, p.Amount))],
            theirPayments, field);
        var pushed = new List<(Guid Payment, string TheirId)>();
        var refused = new List<(UnpushedPayment Payment, string Reason)>();
        foreach (var (decision, payment) in decisions.Join(unpushed, d => d.Id, p => p.Id.ToString(), (d, p) => (d, p)))
        {
            if (decision.Action == NinjaSyncAction.Skip)
            {
                pushed.Add((payment.Id, theirPayments.First(t => !t.IsDeleted && t.CustomValue(field) == decision.Id).Id));
                continue;
            }
            try
            {
                var push = await client.PushPaymentAsync(company, new NinjaPaymentPush(decision.Id, payment.ClientExternalId, payment.InvoiceExternalId,
                    payment.Amount, payment.Date, payment.Reference), ct);
                pushed.Add((payment.Id, push.Payment.Id));
            }
            catch (InvoiceNinjaApiException e) when (e.Status is HttpStatusCode.UnprocessableEntity or HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
            {
                refused.Add((payment, e.Message));
            }
        }

        // (2) Clients and invoices in, with the clients of changed invoices that did not change themselves.
        var clients = (await client.ListClientsAsync(company, since, ct)).Where(c => !c.IsDeleted).ToDictionary(c => c.Id, StringComparer.Ordinal);
        var invoices = (await client.ListInvoicesAsync(company, since, ct)).ToList();
        var known = await CustomersAsync(connection, null, company, null, ct);
        foreach (var newClient in clients.Keys.Where(id => !known.ContainsKey(id)).ToList())
        {
            // A client taken now brings every invoice it has, also those that changed before the cursor.
            invoices.AddRange(await client.ListClientInvoicesAsync(company, newClient, ct));
        }
        invoices = [.. invoices.DistinctBy(i => i.Id)];
        foreach (var clientId in invoices.Select(i => i.ClientId).Distinct().Where(id => !clients.ContainsKey(id)).ToList())
        {
            if (await client.GetClientAsync(company, clientId, ct) is { IsDeleted: false } other) clients[clientId] = other;
        }

        // (3) One transaction: a run that fails leaves nothing half-written (its pushes are found again by the guard).
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var writer = new NinjaSyncWriter(transaction, company, language, planCursor, readAt, settlement);
        await writer.BeginAsync(ct);
        foreach (var (payment, theirId) in pushed) await writer.LinkPushedAsync(payment, theirId, ct);
        foreach (var (payment, reason) in refused)
            await writer.RefusedAsync("payment", payment.Id.ToString(), payment.Id, "push", $"{payment.Amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} on {payment.InvoiceExternalId}", null, reason, ct);
        await writer.ReversedPushedAsync(ct);
        foreach (var c in clients.Values.OrderBy(c => c.Id, StringComparer.Ordinal)) await writer.ClientAsync(c, ct);
        await writer.InvoicesAsync(invoices, clients, ct);
        var result = new SyncResult(Source, company, writer.Synced, writer.Errors);
        await RecordAsync(transaction, company, readAt, result, null, ct);
        await transaction.CommitAsync(ct);
        SyncDiagnostics.Count(Source, writer.Synced, writer.Errors, writer.Conflicts);
        return result;
    }

    private async Task<SyncResult> FailedAsync(NpgsqlConnection connection, string company, Exception error, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var result = new SyncResult(Source, company, 0, 1, error.Message);
        await RecordAsync(transaction, company, null, result, error.Message, ct);
        await transaction.CommitAsync(ct);
        SyncDiagnostics.Count(Source, 0, 1, 0);
        return result;
    }

    /// <summary>Moves the cursor (never back; a failure leaves it) and announces the run.</summary>
    private async Task RecordAsync(NpgsqlTransaction transaction, string company, DateTimeOffset? readAt, SyncResult result, string? error, CancellationToken ct)
    {
        await transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            INSERT INTO sync_cursors (company_id, source, cursor, last_run_at, last_synced, last_error)
            SELECT c.id, 'invoice_ninja', @readAt, @now, @synced, @error FROM companies c WHERE c.code = @company
            ON CONFLICT (company_id, source) DO UPDATE SET cursor = GREATEST(sync_cursors.cursor, EXCLUDED.cursor), last_run_at = EXCLUDED.last_run_at,
                last_synced = EXCLUDED.last_synced, last_error = EXCLUDED.last_error
            """, new { company, readAt, now = clock.GetUtcNow(), synced = result.Synced, error }, transaction, cancellationToken: ct));
        await outbox.AppendAsync(transaction, RevolutSync.CompletedEvent, company,
            new { source = Source, company, synced = result.Synced, errors = result.Errors }, ct);
    }
}
