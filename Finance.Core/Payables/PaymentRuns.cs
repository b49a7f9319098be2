using System.Globalization;
using Dapper;
using Finance.Core.Errors;
using Finance.Core.Events;
using Finance.Core.Invoicing.QrBill;
using Finance.Core.Payables.Payments;
using Npgsql;

namespace Finance.Core.Payables;

public sealed record PaymentRun(
    Guid Id, string CompanyCode, string DebtorIban, string Currency, DateOnly ExecutionDate, string MessageId, string Status, int TransferCount,
    decimal ControlSum, string CreatedBy, DateTimeOffset CreatedAt, IReadOnlyList<Guid> BillIds);

/// <summary>
/// Payment runs, each change in one transaction: create takes the company's validated bills in the account's currency whose
/// payment day is on or before the execution date, writes the pain.001.001.09 file (its rules checked first: a bill the bank
/// would refuse stops the run with the reason), stores it, and marks the bills in payment; cancel (before it is sent)
/// puts them back.
/// </summary>
public sealed class PaymentRuns(NpgsqlDataSource dataSource, OutboxWriter outbox, TimeProvider clock)
{
    /// <summary>How far ahead an execution date may lie (Swiss banks take orders up to a few months ahead).</summary>
    public const int MaxDaysAhead = 90;

    private const string SelectAccount = """
        SELECT co.id AS CompanyId, co.name AS Name, co.street AS Street, co.building_number AS BuildingNumber, co.postal_code AS PostalCode,
               co.town AS Town, co.country::text AS Country, a.iban AS Iban, a.currency::text AS Currency
        FROM companies co JOIN company_bank_accounts a ON a.company_id = co.id
        WHERE co.code = @company AND a.iban = @iban
        """;

    // FOR UPDATE OF b: two runs created at once cannot both take a bill.
    private const string SelectDue = """
        SELECT b.id AS Id, b.gross_amount AS Amount, b.currency::text AS Currency, b.iban AS Iban, b.reference_type AS ReferenceType,
               b.reference AS Reference, b.number AS Number, COALESCE(s.name, f.value, 'Supplier') AS CreditorName,
               s.street AS Street, s.building_number AS BuildingNumber, s.postal_code AS PostalCode, s.town AS Town, s.country::text AS Country
        FROM bills b
        LEFT JOIN suppliers s ON s.id = b.supplier_id
        LEFT JOIN bill_fields f ON f.bill_id = b.id AND f.name = 'supplier.name'
        WHERE b.company_id = @companyId AND b.status = 'validated' AND b.currency = @currency AND b.scheduled_for <= @executionDate
        ORDER BY b.scheduled_for, b.created_at
        FOR UPDATE OF b
        """;

    public async Task<PaymentRun> CreateAsync(string company, string debtorIban, DateOnly executionDate, string createdBy, CancellationToken cancellationToken)
    {
        if (!Iban.TryParse(debtorIban, out var iban)) throw ValidationException.For("debtorIban", "Not a valid IBAN.");
        var today = Invoicing.SwissCalendar.Today(clock);
        if (executionDate < today || executionDate > today.AddDays(MaxDaysAhead))
        {
            throw ValidationException.For("executionDate", $"From today ({today:yyyy-MM-dd}) to {MaxDaysAhead} days ahead: banks refuse other execution dates.");
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var account = await connection.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(SelectAccount, new { company, iban = iban.Value },
            transaction, cancellationToken: cancellationToken))
            ?? throw ValidationException.For("debtorIban", $"{iban.Value} is not an account of company {company}.");
        var due = (await connection.QueryAsync<DueRow>(new CommandDefinition(SelectDue, new { account.CompanyId, account.Currency, executionDate },
            transaction, cancellationToken: cancellationToken))).ToList();
        if (due.Count == 0)
        {
            throw new ConflictException($"No validated {account.Currency} bill of {company} is due for payment by {executionDate:yyyy-MM-dd}.", "payment_run.nothing_due");
        }

        var now = clock.GetUtcNow();
        var runId = Guid.CreateVersion7();
        var messageId = $"FIN-{now:yyyyMMddHHmmss}-{runId.ToString("N")[^8..].ToUpperInvariant()}";
        var transfers = due.Select((b, i) => b.ToTransfer($"{messageId[..Math.Min(messageId.Length, 26)]}-{i + 1}")).ToList();
        var file = Pain001Writer.WriteBytes(new PaymentRunFile(messageId, now, executionDate,
            new PaymentDebtor(account.Name, account.Iban, null, new PostalAddress(account.Street, account.BuildingNumber, account.PostalCode, account.Town, account.Country)),
            transfers));
        var controlSum = transfers.Sum(t => t.Amount);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO payment_runs (id, company_id, debtor_iban, currency, execution_date, message_id, status, transfer_count, control_sum, file, created_by, created_at)
            VALUES (@runId, @companyId, @iban, @currency, @executionDate, @messageId, 'created', @count, @controlSum, @file, @createdBy, @now)
            """, new { runId, account.CompanyId, iban = account.Iban, currency = account.Currency, executionDate, messageId, count = transfers.Count, controlSum, file, createdBy, now },
            transaction, cancellationToken: cancellationToken));
        for (var i = 0; i < due.Count; i++)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO payment_run_items (run_id, bill_id, end_to_end_id, amount) VALUES (@runId, @billId, @endToEndId, @amount);
                UPDATE bills SET status = 'in_payment', updated_at = @now WHERE id = @billId;
                """, new { runId, billId = due[i].Id, endToEndId = transfers[i].EndToEndId, amount = transfers[i].Amount, now }, transaction,
                cancellationToken: cancellationToken));
        }
        await outbox.AppendAsync(transaction, "payment_run.created", company,
            new { runId, messageId, executionDate, count = transfers.Count, controlSum, currency = account.Currency, bills = due.Select(d => d.Id) }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await FindAsync(runId, cancellationToken))!;
    }

    public async Task<PaymentRun> CancelAsync(Guid runId, string by, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var status = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT status FROM payment_runs WHERE id = @runId FOR UPDATE", new { runId }, transaction, cancellationToken: cancellationToken))
            ?? throw new NotFoundException($"No payment run '{runId}'.", "payment_run.not_found");
        if (status != "created") throw new ConflictException($"A payment run that is {status} cannot be cancelled.", "payment_run.not_cancellable");
        var now = clock.GetUtcNow();
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE payment_runs SET status = 'cancelled', cancelled_at = @now, cancelled_by = @by WHERE id = @runId;
            UPDATE bills SET status = 'validated', updated_at = @now WHERE id IN (SELECT bill_id FROM payment_run_items WHERE run_id = @runId) AND status = 'in_payment';
            """, new { runId, now, by }, transaction, cancellationToken: cancellationToken));
        var run = (await LoadAsync(connection, transaction, runId, cancellationToken))!;
        await outbox.AppendAsync(transaction, "payment_run.cancelled", run.CompanyCode, new { runId, by, bills = run.BillIds }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return run;
    }

    public async Task<PaymentRun?> FindAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await LoadAsync(connection, null, runId, cancellationToken);
    }

    public async Task<string?> CompanyOfAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT co.code FROM payment_runs r JOIN companies co ON co.id = r.company_id WHERE r.id = @runId", new { runId }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<PaymentRun>> ListAsync(IReadOnlyCollection<string>? companies, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var ids = await connection.QueryAsync<Guid>(new CommandDefinition("""
            SELECT r.id FROM payment_runs r JOIN companies co ON co.id = r.company_id
            WHERE @companies::text[] IS NULL OR co.code = ANY(@companies) ORDER BY r.created_at DESC LIMIT @limit
            """, new { companies = companies?.ToArray(), limit }, cancellationToken: cancellationToken));
        var runs = new List<PaymentRun>();
        foreach (var id in ids) runs.Add((await LoadAsync(connection, null, id, cancellationToken))!);
        return runs;
    }

    /// <summary>The pain.001 file as produced, and its message id (the file's name).</summary>
    public async Task<(byte[] File, string MessageId)?> FileAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<(byte[], string)?>(new CommandDefinition(
            "SELECT file, message_id FROM payment_runs WHERE id = @runId", new { runId }, cancellationToken: cancellationToken));
    }

    private static async Task<PaymentRun?> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid runId, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition("""
            SELECT r.id AS Id, co.code AS CompanyCode, r.debtor_iban AS DebtorIban, r.currency::text AS Currency, r.execution_date AS ExecutionDate,
                   r.message_id AS MessageId, r.status AS Status, r.transfer_count AS TransferCount, r.control_sum AS ControlSum,
                   r.created_by AS CreatedBy, r.created_at AS CreatedAt,
                   COALESCE((SELECT string_agg(i.bill_id::text, ',' ORDER BY i.end_to_end_id) FROM payment_run_items i WHERE i.run_id = r.id), '') AS BillIds
            FROM payment_runs r JOIN companies co ON co.id = r.company_id WHERE r.id = @runId
            """, new { runId }, transaction, cancellationToken: cancellationToken));
        return row?.ToRun();
    }

    private sealed record AccountRow(short CompanyId, string Name, string Street, string BuildingNumber, string PostalCode, string Town, string Country,
        string Iban, string Currency);

    private sealed record DueRow(
        Guid Id, decimal Amount, string Currency, string Iban, string? ReferenceType, string? Reference, string? Number, string CreditorName,
        string? Street, string? BuildingNumber, string? PostalCode, string? Town, string? Country)
    {
        public CreditTransfer ToTransfer(string endToEndId)
        {
            var kind = ReferenceType switch { "QRR" => RemittanceKind.Qrr, "SCOR" => RemittanceKind.Scor, _ => Number is null ? RemittanceKind.None : RemittanceKind.Unstructured };
            var address = Town is null ? null : new PostalAddress(Street, BuildingNumber, PostalCode, Town, Country ?? "CH");
            var name = CreditorName.Length > 70 ? CreditorName[..70] : CreditorName;
            return new CreditTransfer(endToEndId, name, address, Iban, decimal.Round(Amount, 2), Currency, kind,
                kind is RemittanceKind.Qrr or RemittanceKind.Scor ? Reference : null,
                kind == RemittanceKind.Unstructured ? string.Create(CultureInfo.InvariantCulture, $"Invoice {Number}") : null)
            {
                InstructionId = endToEndId,
            };
        }
    }

    private sealed record RunRow(
        Guid Id, string CompanyCode, string DebtorIban, string Currency, DateOnly ExecutionDate, string MessageId, string Status, int TransferCount,
        decimal ControlSum, string CreatedBy, DateTime CreatedAt, string BillIds)
    {
        public PaymentRun ToRun() => new(Id, CompanyCode, DebtorIban, Currency.Trim(), ExecutionDate, MessageId, Status, TransferCount, ControlSum, CreatedBy,
            new DateTimeOffset(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc)),
            [.. BillIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => Guid.Parse(s, CultureInfo.InvariantCulture))]);
    }
}
