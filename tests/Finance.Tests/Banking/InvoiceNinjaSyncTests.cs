using System.Text.Json.Nodes;
using Dapper;
using Finance.Core.Banking.Sync;
using Finance.Core.Invoicing;
using Finance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Finance.Tests.Banking.NinjaKit;

namespace Finance.Tests.Banking;

/// <summary>
/// <see cref="NinjaSync"/> against the Invoice Ninja fake and real PostgreSQL: clients and invoices come in once, changes
/// there follow, changes on both sides become conflicts, payments recorded here go out exactly once (also after a run that
/// died between its POST and its commit), a refused token is recorded without moving the cursor. One company per test.
/// </summary>
public sealed class InvoiceNinjaSyncTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static readonly DateTimeOffset Earlier = Start0.AddDays(-3);

    private static JsonArray Clients() =>
    [
        Client("cl1Xa9", "Boulangerie Favre SA", Earlier, "Rue de la Gare 14", "1110", "Morges", "compta@favre-boulangerie.ch"),
        Client("cl2Kq4", "Weinhandlung Gerber AG", Earlier, "Marktgasse 7", "3011", "Bern", "buchhaltung@gerber-wein.ch"),
    ];

    private static JsonArray Invoices() =>
    [
        Invoice("inA1", "cl1Xa9", "IN-2026-0041", 1000m, Earlier),
        Invoice("inB2", "cl2Kq4", "IN-2026-0042", 2500m, Earlier),
        // Paid in Invoice Ninja before we ever synced: it comes in paid, by one payment that is never pushed back.
        Invoice("inC3", "cl2Kq4", "IN-2026-0043", 400m, Earlier, status: "4", paid: 432.40m),
        // A draft there is not an invoice yet.
        Invoice("inD4", "cl1Xa9", "", 90m, Earlier, status: "1"),
    ];

    [Fact]
    public async Task SyncAsync_FirstThenEverythingReadAgain_CreatesClientsAndInvoicesOnceWithTheirNumbers()
    {
        await using var kit = Start(database, "LEXAIA", Clients(), Invoices());

        var first = await kit.SyncAsync();
        kit.Time.Advance(TimeSpan.FromMinutes(20));
        // Forget the cursor, so the second run reads every record again: only the external ids keep it from copying twice.
        await kit.ExecuteAsync("DELETE FROM sync_cursors s USING companies c WHERE c.id = s.company_id AND c.code = @Company");
        var second = await kit.SyncAsync();

        Assert.Equal((2 + 3, 0), (first.Synced, first.Errors));
        Assert.Equal((0, 0), (second.Synced, second.Errors));
        Assert.Equal(2, await kit.CountAsync("SELECT count(*) FROM customers cu JOIN companies c ON c.id = cu.company_id WHERE c.code = @Company"));
        Assert.Equal(3, await kit.CountAsync("SELECT count(*) FROM invoices i JOIN companies c ON c.id = i.company_id WHERE c.code = @Company"));
        Assert.Equal((1081.00m, 0m, InvoiceStatus.Sent, "IN-2026-0041"), Figures(await kit.OursAsync("inA1")));
        Assert.Equal((432.40m, 432.40m, InvoiceStatus.Paid, "IN-2026-0043"), Figures(await kit.OursAsync("inC3")));
        var customer = (await kit.Api.Services.GetRequiredService<CustomerStore>().ListAsync("LEXAIA", default)).Single(c => c.Name == "Weinhandlung Gerber AG");
        Assert.Equal(("Marktgasse 7", "3011", "Bern", "CH", "fr", "buchhaltung@gerber-wein.ch", 30),
            (customer.Address.Street, customer.Address.PostalCode, customer.Address.Town, customer.Address.Country, customer.Language, customer.Email, customer.PaymentTermsDays));
        Assert.Equal(1, await kit.CountAsync("""
            SELECT count(*) FROM invoice_payments p JOIN companies c ON c.id = p.company_id
            WHERE c.code = @Company AND p.external_source = 'invoice_ninja' AND p.external_pushed_at IS NULL
            """));
        Assert.Equal(0, kit.Fake.PaymentsCreated);
        Assert.Equal(0, kit.Requests("POST", "/api/v1/payments"));
        Assert.Equal(2, await kit.CountAsync("""
            SELECT count(*) FROM outbox o JOIN companies c ON c.id = o.company_id
            WHERE c.code = @Company AND o.type = 'sync.completed' AND o.payload->>'source' = 'invoice_ninja'
            """));
    }

    [Fact]
    public async Task SyncAsync_InvoiceChangedThereOnly_UpdatesOurCopy()
    {
        await using var kit = Start(database, "ENKI_REALTY", Clients(), Invoices());
        await kit.SyncAsync();
        kit.Time.Advance(TimeSpan.FromHours(1));
        kit.Reprice("inB2", 3000m, kit.Time.GetUtcNow());
        kit.Time.Advance(TimeSpan.FromMinutes(1));

        var result = await kit.SyncAsync();

        Assert.Equal((1, 0), (result.Synced, result.Errors));
        var ours = await kit.OursAsync("inB2");
        Assert.Equal((3243.00m, InvoiceStatus.Sent), (ours.Total, ours.Status));
        var invoice = (await kit.Api.Services.GetRequiredService<InvoiceStore>().FindAsync(ours.Id, default))!;
        Assert.Equal((3000m, 243.00m), (Assert.Single(invoice.Amounts.Lines).UnitPrice, invoice.Amounts.VatTotal));
        Assert.Empty(await kit.Api.Services.GetRequiredService<SyncConflicts>().ListAsync(["ENKI_REALTY"], true, 100, default));
    }

    [Fact]
    public async Task SyncAsync_ChangedOnBothSides_ConflictKeptAndNothingOverwritten()
    {
        await using var kit = Start(database, "TAKEOUT", Clients(), Invoices());
        await kit.SyncAsync();
        kit.Time.Advance(TimeSpan.FromHours(1));
        var ours = await kit.OursAsync("inA1");
        await kit.Api.Services.GetRequiredService<InvoiceLifecycle>().CancelAsync(ours.Id, default);
        kit.Time.Advance(TimeSpan.FromMinutes(5));
        kit.Reprice("inA1", 1200m, kit.Time.GetUtcNow());
        kit.Time.Advance(TimeSpan.FromMinutes(5));

        var first = await kit.SyncAsync();
        var detected = Assert.Single(await kit.Api.Services.GetRequiredService<SyncConflicts>().ListAsync(["TAKEOUT"], null, 100, default));
        kit.Time.Advance(TimeSpan.FromHours(1));
        // Changed there once more, nothing here: the open conflict still holds the record.
        kit.Reprice("inA1", 1250m, kit.Time.GetUtcNow());
        kit.Time.Advance(TimeSpan.FromMinutes(5));
        var again = await kit.SyncAsync();

        Assert.Equal((0, 0, 0, 0), (first.Synced, first.Errors, again.Synced, again.Errors));
        Assert.Equal(("invoice", "inA1", ours.Id, "amount", "1297.20 Sent", "1081.00 cancelled", null),
            (detected.Entity, detected.ExternalId, detected.LocalId, detected.Field, detected.TheirValue, detected.OurValue, detected.ResolvedAt));
        Assert.Contains("both sides", detected.Reason, StringComparison.Ordinal);
        var mine = await kit.OursAsync("inA1");
        Assert.Equal((1081.00m, InvoiceStatus.Cancelled), (mine.Total, mine.Status));
        var conflict = Assert.Single(await kit.Api.Services.GetRequiredService<SyncConflicts>().ListAsync(["TAKEOUT"], null, 100, default));
        Assert.Equal((detected.Id, "1351.25 Sent", "1081.00 cancelled", detected.DetectedAt, (DateTimeOffset?)null),
            (conflict.Id, conflict.TheirValue, conflict.OurValue, conflict.DetectedAt, conflict.ResolvedAt));
        Assert.True(conflict.LastSeenAt > conflict.DetectedAt);
    }

    [Fact]
    public async Task SyncAsync_PaymentRecordedHere_PushedOnceAlsoAfterACrashBetweenPostAndCommit()
    {
        await using var kit = Start(database, "DAINAMICS", Clients(), Invoices());
        await kit.SyncAsync();
        var invoice = await kit.OursAsync("inA1");
        var settlement = kit.Api.Services.GetRequiredService<InvoiceSettlement>();
        kit.Time.Advance(TimeSpan.FromMinutes(10));
        var (_, first) = await settlement.RecordPaymentAsync(invoice.Id, new PaymentInput(new DateOnly(2026, 12, 1), 400.50m, "CHF", "camt 2026-12-01"), default);
        kit.Time.Advance(TimeSpan.FromMinutes(10));

        var pushing = await kit.SyncAsync();
        kit.Time.Advance(TimeSpan.FromMinutes(10));
        var next = await kit.SyncAsync();

        Assert.Equal((1, 1), (kit.Fake.PaymentsCreated, kit.Requests("POST", "/api/v1/payments")));
        Assert.Equal(0, next.Errors);
        var there = kit.Seed.Payments.OfType<JsonObject>().Single();
        Assert.Equal((first.Id.ToString(), "inA1"), ((string?)there["custom_value1"], (string?)there["invoices"]![0]!["invoice_id"]));
        Assert.Equal((string?)there["id"], await ExternalIdAsync(kit, first.Id));
        Assert.Equal(("3", 680.50m), ((string?)kit.TheirInvoice("inA1")["status_id"], (decimal)kit.TheirInvoice("inA1")["balance"]!));
        Assert.Equal((InvoiceStatus.PartiallyPaid, 400.50m), ((await kit.OursAsync("inA1")).Status, (await kit.OursAsync("inA1")).Paid));
        Assert.Equal((1, 0), (pushing.Synced, pushing.Errors));

        // The crash: a second payment, and a run whose commit cannot happen (the cursor row is locked) and is cut short after its POST.
        var (_, second) = await settlement.RecordPaymentAsync(invoice.Id, new PaymentInput(new DateOnly(2026, 12, 2), 200m, "CHF", "camt 2026-12-02"), default);
        kit.Time.Advance(TimeSpan.FromMinutes(10));
        await using (var blocker = await kit.DataSource.OpenConnectionAsync())
        await using (var hold = await blocker.BeginTransactionAsync())
        {
            await blocker.ExecuteAsync("LOCK TABLE sync_cursors IN EXCLUSIVE MODE", transaction: hold);
            using var cut = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var run = kit.SyncAsync(cut.Token);
            await WaitForAsync(async () => await blocker.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'sync_cursors'::regclass", transaction: hold) > 0);
            await cut.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            await hold.RollbackAsync();
        }
        Assert.Equal((2, 2), (kit.Fake.PaymentsCreated, kit.Requests("POST", "/api/v1/payments")));
        Assert.Null(await ExternalIdAsync(kit, second.Id));
        var lookupsBefore = kit.Requests("GET", "/api/v1/payments", withQuery: "filter");
        kit.Time.Advance(TimeSpan.FromMinutes(10));

        var recovered = await kit.SyncAsync();

        Assert.Equal(0, recovered.Errors);
        Assert.Equal((2, 2), (kit.Fake.PaymentsCreated, kit.Requests("POST", "/api/v1/payments")));
        // The planner's guard found it in the payments list: the client's own look-up by filter was not even needed.
        Assert.Equal(lookupsBefore, kit.Requests("GET", "/api/v1/payments", withQuery: "filter"));
        var crashed = kit.Seed.Payments.OfType<JsonObject>().Single(p => (string?)p["custom_value1"] == second.Id.ToString());
        Assert.Equal((string?)crashed["id"], await ExternalIdAsync(kit, second.Id));
        Assert.Equal(InvoiceStatus.PartiallyPaid, (await kit.OursAsync("inA1")).Status);
        Assert.Equal(480.50m, (decimal)kit.TheirInvoice("inA1")["balance"]!);
    }

    [Fact]
    public async Task SyncAsync_WrongToken_RecordsTheFailureAndKeepsTheCursor()
    {
        await using var kit = Start(database, "HYPERVISUAL", Clients(), Invoices());
        await kit.SyncAsync();
        var cursor = await CursorAsync(kit);
        kit.Time.Advance(TimeSpan.FromHours(1));
        await using var wrong = kit.ApiWithToken(database, "not-the-token-0000");

        var result = await wrong.Services.GetRequiredService<NinjaSync>().SyncAsync("HYPERVISUAL", default);

        Assert.Equal((0, 1), (result.Synced, result.Errors));
        Assert.Contains("401", result.Error, StringComparison.Ordinal);
        Assert.Equal(cursor, await CursorAsync(kit));
        Assert.Equal(Start0, cursor);
        Assert.Equal(1, await kit.CountAsync("""
            SELECT count(*) FROM outbox o JOIN companies c ON c.id = o.company_id
            WHERE c.code = @Company AND o.type = 'sync.completed' AND o.payload->>'source' = 'invoice_ninja' AND (o.payload->>'errors')::int = 1
              AND (o.payload->>'synced')::int = 0
            """));
        Assert.Equal(1, await kit.CountAsync("""
            SELECT count(*) FROM sync_cursors s JOIN companies c ON c.id = s.company_id
            WHERE c.code = @Company AND s.source = 'invoice_ninja' AND s.last_error LIKE '%401%'
            """));
    }

    private static (decimal Total, decimal Paid, string Status, string Number) Figures((Guid Id, string Number, string Status, decimal Total, decimal Paid) i) =>
        (i.Total, i.Paid, i.Status, i.Number);

    private static async Task<string?> ExternalIdAsync(NinjaKit kit, Guid paymentId)
    {
        await using var connection = await kit.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<string?>("SELECT external_id FROM invoice_payments WHERE id = @paymentId", new { paymentId });
    }

    private static async Task<DateTimeOffset?> CursorAsync(NinjaKit kit)
    {
        await using var connection = await kit.DataSource.OpenConnectionAsync();
        var cursor = await connection.ExecuteScalarAsync<DateTime?>("""
            SELECT s.cursor FROM sync_cursors s JOIN companies c ON c.id = s.company_id WHERE c.code = @company AND s.source = 'invoice_ninja'
            """, new { company = kit.Company });
        return cursor is { } c ? new DateTimeOffset(DateTime.SpecifyKind(c, DateTimeKind.Utc)) : null;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition()) await Task.Delay(50, limit.Token);
    }
}
