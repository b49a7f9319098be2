using System.Globalization;
using Dapper;
using Finance.Core.Errors;
using Finance.Core.Integrations.InvoiceNinja;
using Finance.Core.Invoicing;
using Npgsql;
using static Finance.Core.Banking.Sync.NinjaSyncRows;
using static Finance.Core.Banking.Sync.NinjaSyncSql;

namespace Finance.Core.Banking.Sync;

/// <summary>
/// One run's writes, all in its transaction: customers and invoices from Invoice Ninja (NinjaMapping, NinjaSyncPlanner),
/// payments that came from there, the ids of payments pushed there, and the conflicts. Every row the run writes is stamped
/// with the run's read time <c>readAt</c>, which becomes the next cursor: the sync's own writes never count as "changed
/// here". Its statements are in NinjaSyncSql; this file is the one place the conflict rule is applied and reads top-down.
/// </summary>
internal sealed class NinjaSyncWriter(NpgsqlTransaction transaction, string company, string companyLanguage, DateTimeOffset cursor, DateTimeOffset readAt,
    InvoiceSettlement settlement)
{
    private readonly NpgsqlConnection _connection = transaction.Connection!;
    private HashSet<string> _open = [];

    public int Synced { get; private set; }

    public int Errors { get; private set; }

    public int Conflicts { get; private set; }

    public Dictionary<string, OurCustomer> Customers { get; private set; } = [];

    public async Task BeginAsync(CancellationToken ct)
    {
        _open = await SyncConflicts.OpenRecordsAsync(transaction, company, Source, ct);
        Customers = await CustomersAsync(_connection, transaction, company, null, ct);
    }

    /// <summary>Records a payment pushed there (or found there by the planner's guard) against ours.</summary>
    public async Task LinkPushedAsync(Guid paymentId, string theirId, CancellationToken ct)
    {
        await _connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE invoice_payments SET external_source = '{Source}', external_id = @theirId, external_pushed_at = @readAt WHERE id = @paymentId AND external_id IS NULL",
            new { paymentId, theirId, readAt }, transaction, cancellationToken: ct));
        await SyncConflicts.ResolveAsync(transaction, company, Source, "payment", paymentId.ToString(), "sync", "pushed", readAt, ct);
        Synced++;
    }

    public Task RefusedAsync(string entity, string externalId, Guid? localId, string field, string? theirs, string? ours, string reason, CancellationToken ct)
    {
        Errors++;
        return SyncConflicts.OpenAsync(transaction, company, Source, new NewSyncConflict(entity, externalId, localId, field, theirs, ours, reason), readAt, ct);
    }

    private Task ConflictAsync(string entity, string externalId, Guid? localId, string field, string? theirs, string? ours, string reason, CancellationToken ct)
    {
        Conflicts++;
        _open.Add($"{entity}:{externalId}");
        return SyncConflicts.OpenAsync(transaction, company, Source, new NewSyncConflict(entity, externalId, localId, field, theirs, ours, reason), readAt, ct);
    }

    public async Task ReversedPushedAsync(CancellationToken ct)
    {
        foreach (var p in await NinjaSyncRows.ReversedPushedAsync(transaction, company, ct))
            await ConflictAsync("payment", p.ExternalId, p.Id, "reversed", $"{Money(p.Amount)} on {p.InvoiceExternalId}", "reversed",
                $"payment reversed here ({p.Reason}) is still recorded in Invoice Ninja; delete or refund it there", ct);
    }

    public async Task ClientAsync(NinjaClient client, CancellationToken ct)
    {
        var mapped = NinjaMapping.Customer(client, companyLanguage);
        Dapper.DynamicParameters? values = null;
        string? problem = mapped.Problem;
        if (mapped.Value is { } input)
        {
            try
            {
                values = CustomerStore.Validate(input);
            }
            catch (ValidationException e)
            {
                problem = $"client {client.Name}: " + string.Join("; ", (e.Errors ?? new Dictionary<string, string[]>()).Select(kv => $"{kv.Key}: {string.Join(' ', kv.Value)}"));
            }
        }
        var ours = Customers.GetValueOrDefault(client.Id);
        if (problem is not null || values is null)
        {
            await RefusedAsync("customer", client.Id, ours?.Id, "import", client.Name, null, problem ?? "not mappable", ct);
            return;
        }
        if (_open.Contains($"customer:{client.Id}")) return;
        var decision = NinjaSyncPlanner.DecideClient(cursor, ours?.UpdatedAt, ours is not null && NinjaMapping.Agrees(ours.Customer, mapped.Value!), client);
        values.AddDynamicParams(new { company, externalId = client.Id, readAt, id = ours?.Id });
        switch (decision.Action)
        {
            case NinjaSyncAction.CreateHere:
                var id = await _connection.ExecuteScalarAsync<Guid>(new CommandDefinition(InsertCustomer, values, transaction, cancellationToken: ct));
                Customers[client.Id] = (await CustomersAsync(_connection, transaction, company, [client.Id], ct))[client.Id];
                Synced++;
                break;
            case NinjaSyncAction.UpdateHere:
                await _connection.ExecuteAsync(new CommandDefinition(UpdateCustomer, values, transaction, cancellationToken: ct));
                Customers[client.Id] = (await CustomersAsync(_connection, transaction, company, [client.Id], ct))[client.Id];
                Synced++;
                break;
            case NinjaSyncAction.Conflict:
                await ConflictAsync("customer", client.Id, ours!.Id, "customer", Summary(mapped.Value!), Summary(ours.Customer), decision.Reason, ct);
                return;
        }
        await SyncConflicts.ResolveAsync(transaction, company, Source, "customer", client.Id, "sync", decision.Reason, readAt, ct);
    }

    public async Task InvoicesAsync(IReadOnlyList<NinjaInvoice> invoices, IReadOnlyDictionary<string, NinjaClient> clients, CancellationToken ct)
    {
        var ours = await NinjaSyncRows.InvoicesAsync(transaction, company, [.. invoices.Select(i => i.Id)], ct);
        foreach (var invoice in invoices.Where(i => !i.IsDeleted))
        {
            var ourInvoice = ours.GetValueOrDefault(invoice.Id);
            if (!Customers.TryGetValue(invoice.ClientId, out var customer) || !clients.TryGetValue(invoice.ClientId, out var client))
            {
                await RefusedAsync("invoice", invoice.Id, ourInvoice?.Id, "import", invoice.Number, null, $"its client {invoice.ClientId} is not here (see its own entry)", ct);
                continue;
            }
            var currency = NinjaMapping.Currency(client);
            var copy = currency is null
                ? new Mapped<NinjaInvoiceCopy>(null, $"client {client.Name}: currency id {client.Settings?.CurrencyId} is neither CHF nor EUR")
                : NinjaMapping.Invoice(invoice, currency, customer.Customer.PaymentTermsDays);
            if (copy is null) continue; // a draft there: not an invoice yet
            if (copy.Value is not { } value)
            {
                await RefusedAsync("invoice", invoice.Id, ourInvoice?.Id, "import", invoice.Number, null, copy.Problem!, ct);
                continue;
            }
            if (ourInvoice is null) await CreateAsync(invoice, customer.Id, value, ct);
            else if (!_open.Contains($"invoice:{invoice.Id}")) await UpdateAsync(invoice, ourInvoice, value, ct);
            else await HeldAsync(invoice, ourInvoice, value, ct);
        }
    }

    private async Task CreateAsync(NinjaInvoice invoice, Guid customerId, NinjaInvoiceCopy copy, CancellationToken ct)
    {
        var taken = await _connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT i.id FROM invoices i JOIN companies c ON c.id = i.company_id WHERE c.code = @company AND i.number = @number",
            new { company, number = copy.Number }, transaction, cancellationToken: ct));
        if (taken is { } other)
        {
            await RefusedAsync("invoice", invoice.Id, other, "import", copy.Number, copy.Number, $"number {copy.Number} is taken here by another invoice", ct);
            return;
        }
        var issuedAt = new DateTimeOffset(copy.InvoiceDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var id = await InvoiceDrafts.InsertAsync(transaction, new InvoiceDrafts.NewInvoice(company, customerId, InvoiceKind.Invoice, null, copy.Number,
            copy.Status, copy.Currency, copy.InvoiceDate, copy.DueDate, copy.PaymentTermsDays, false, copy.Amounts, null, issuedAt), ct);
        await _connection.ExecuteAsync(new CommandDefinition($"UPDATE invoices SET external_source = '{Source}', external_id = @externalId WHERE id = @id",
            new { id, externalId = invoice.Id }, transaction, cancellationToken: ct));
        if (copy.Status == InvoiceStatus.Cancelled)
            await _connection.ExecuteAsync(new CommandDefinition(SetStatus, new { id, status = copy.Status, readAt }, transaction, cancellationToken: ct));
        else if (invoice.PaidToDate > 0) await PaymentInAsync(id, invoice, invoice.PaidToDate, copy.Currency, ct);
        await StampAsync(id, invoice, ct);
        await SyncConflicts.ResolveAsync(transaction, company, Source, "invoice", invoice.Id, "sync", "created here", readAt, ct);
        Synced++;
    }

    /// <summary>
    /// A record with an open conflict is left alone; a run that reads it again refreshes what the conflict shows, and once the
    /// copies agree (a person aligned one side) the conflict closes and the record follows the rule again.
    /// </summary>
    private async Task HeldAsync(NinjaInvoice invoice, OurInvoice ours, NinjaInvoiceCopy copy, CancellationToken ct)
    {
        if (ours.Total == invoice.Amount && NinjaMapping.StatusThere(ours.Status) == NinjaMapping.Comparable(invoice).Status)
        {
            await SyncConflicts.ResolveAsync(transaction, company, Source, "invoice", invoice.Id, "sync", "copies agree", readAt, ct);
            _open.Remove($"invoice:{invoice.Id}");
            await UpdateAsync(invoice, ours, copy, ct);
            return;
        }
        await _connection.ExecuteAsync(new CommandDefinition("""
            UPDATE sync_conflicts s SET their_value = @theirs, our_value = @ours, last_seen_at = @readAt
            FROM companies c WHERE c.id = s.company_id AND c.code = @company AND s.source = @Source AND s.entity = 'invoice' AND s.external_id = @externalId
              AND s.resolved_at IS NULL AND s.field IN ('amount', 'status')
            """, new
        {
            theirs = Figures(invoice.Amount, invoice.Status.ToString()), ours = Figures(ours.Total, ours.Status), readAt, company, Source,
            externalId = invoice.Id,
        }, transaction, cancellationToken: ct));
    }

    private async Task UpdateAsync(NinjaInvoice invoice, OurInvoice ours, NinjaInvoiceCopy copy, CancellationToken ct)
    {
        var planned = new OurNinjaInvoice(ours.ExternalId, ours.UpdatedAt, ours.Total, NinjaMapping.StatusThere(ours.Status), ours.OwnPayments);
        var decision = NinjaSyncPlanner.Decide(cursor, planned, NinjaMapping.Comparable(invoice));
        if (decision.Action == NinjaSyncAction.Skip)
        {
            await SyncConflicts.ResolveAsync(transaction, company, Source, "invoice", invoice.Id, "sync", decision.Reason, readAt, ct);
            return;
        }
        if (decision.Action == NinjaSyncAction.Conflict)
        {
            var field = ours.Total != invoice.Amount ? "amount" : "status";
            await ConflictAsync("invoice", invoice.Id, ours.Id, field, Figures(invoice.Amount, invoice.Status.ToString()),
                Figures(ours.Total, ours.Status), decision.Reason, ct);
            return;
        }
        // UpdateHere: Invoice Ninja's copy wins, as far as it can without misstating what was paid here.
        if (copy.Amounts.Total != ours.Total)
        {
            if (copy.Amounts.Total < ours.PaidAmount + ours.CreditedAmount)
            {
                await ConflictAsync("invoice", invoice.Id, ours.Id, "amount", $"{Money(copy.Amounts.Total)}", $"{Money(ours.Total)}",
                    $"the new amount is below what is paid and credited here ({Money(ours.PaidAmount + ours.CreditedAmount)})", ct);
                return;
            }
            await ReplaceAmountsAsync(ours.Id, copy, ct);
        }
        var cancelledThere = copy.Status == InvoiceStatus.Cancelled;
        if (cancelledThere && ours.Status != InvoiceStatus.Cancelled && ours.PaidAmount + ours.CreditedAmount > 0)
        {
            await ConflictAsync("invoice", invoice.Id, ours.Id, "status", invoice.Status.ToString(), ours.Status,
                "cancelled in Invoice Ninja, but payments or credits are recorded here", ct);
            return;
        }
        await _connection.ExecuteAsync(new CommandDefinition(SetStatus, new { id = ours.Id, status = copy.Status, readAt }, transaction, cancellationToken: ct));
        var knownThere = ours.PaidAmount + ours.ReversedPushed;
        if (!cancelledThere && invoice.PaidToDate > knownThere) await PaymentInAsync(ours.Id, invoice, invoice.PaidToDate - knownThere, ours.Currency, ct);
        else if (invoice.PaidToDate < ours.PaidAmount && !ours.Unpushed)
            await ConflictAsync("invoice", invoice.Id, ours.Id, "paid_to_date", $"{Money(invoice.PaidToDate)}", $"{Money(ours.PaidAmount)}",
                "less is paid in Invoice Ninja than here, though every payment here was pushed (deleted there?)", ct);
        await StampAsync(ours.Id, invoice, ct);
        await SyncConflicts.ResolveAsync(transaction, company, Source, "invoice", invoice.Id, "sync", "updated from Invoice Ninja", readAt, ct);
        Synced++;
    }

    /// <summary>What Invoice Ninja says was paid beyond what we know of comes in as one payment, never pushed back.</summary>
    private async Task PaymentInAsync(Guid id, NinjaInvoice invoice, decimal amount, string currency, CancellationToken ct)
    {
        var paidToDate = invoice.PaidToDate.ToString("0.00", CultureInfo.InvariantCulture);
        var key = $"{Source}:{company}:{invoice.Id}:paid_to_date:{paidToDate}";
        var (_, payment) = await settlement.RecordPaymentAsync(transaction, id, new PaymentInput(null, amount, currency, $"Invoice Ninja {invoice.Number}"), ct, key);
        await _connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE invoice_payments SET external_source = '{Source}', external_id = @externalId WHERE id = @paymentId AND external_id IS NULL",
            new { paymentId = payment.Id, externalId = $"{invoice.Id}:paid_to_date:{paidToDate}" }, transaction, cancellationToken: ct));
    }

    private async Task ReplaceAmountsAsync(Guid id, NinjaInvoiceCopy copy, CancellationToken ct)
    {
        var a = copy.Amounts;
        await _connection.ExecuteAsync(new CommandDefinition(ReplaceAmounts, new
        {
            id, net = a.NetTotal, vat = a.VatTotal, total = a.Total, invoiceDate = InvoiceDrafts.ToDate(copy.InvoiceDate), dueDate = InvoiceDrafts.ToDate(copy.DueDate),
            terms = copy.PaymentTermsDays,
        }, transaction, cancellationToken: ct));
        await _connection.ExecuteAsync(new CommandDefinition(InsertLine, a.Lines.Select(l => new
        {
            InvoiceId = id, l.Position, l.Description, l.Quantity, l.UnitPrice, l.DiscountPercent, l.VatRate, l.Amount,
        }), transaction, cancellationToken: ct));
    }

    private Task<int> StampAsync(Guid id, NinjaInvoice invoice, CancellationToken ct) =>
        _connection.ExecuteAsync(new CommandDefinition(Stamp, new { id, readAt, theirs = invoice.UpdatedAt }, transaction, cancellationToken: ct));

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Figures(decimal amount, string status) => $"{Money(amount)} {status}";

    private static string Summary(CustomerInput c) => $"{c.Name}, {c.Address!.Street}, {c.Address.PostalCode} {c.Address.Town} {c.Address.Country}, {c.Email}";

    private static string Summary(Invoicing.Customer c) => $"{c.Name}, {c.Address.Street}, {c.Address.PostalCode} {c.Address.Town} {c.Address.Country}, {c.Email}";
}
