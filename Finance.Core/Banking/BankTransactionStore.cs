using Dapper;
using Npgsql;

namespace Finance.Core.Banking;

/// <summary>Bank transactions: stored once each (by account and dedup key), listed per company, read by the reconciliation.</summary>
public sealed class BankTransactionStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    internal const string Columns = """
        t.id AS Id, c.code AS Company, t.account_id AS AccountId, a.iban AS AccountIban, t.statement_id AS StatementId, t.source AS Source,
        t.booking_date AS BookingDate, t.value_date AS ValueDate, t.amount AS Amount, t.currency::text AS Currency,
        t.counterparty_name AS CounterpartyName, t.counterparty_iban AS CounterpartyIban, t.reference_type AS ReferenceType, t.reference AS Reference,
        t.end_to_end_id AS EndToEndId, t.bank_reference AS BankReference, t.remittance AS Remittance, t.charges AS Charges,
        t.instructed_amount AS InstructedAmount, t.instructed_currency::text AS InstructedCurrency, t.exchange_rate AS ExchangeRate,
        t.batch_id AS BatchId, t.batch_size AS BatchSize, t.reversal AS Reversal, t.status AS Status, t.created_at AS CreatedAt
        """;

    internal const string From = "FROM bank_transactions t JOIN companies c ON c.id = t.company_id JOIN company_bank_accounts a ON a.id = t.account_id";

    private const string SelectList = $"""
        SELECT {Columns} {From}
        WHERE (@companies::text[] IS NULL OR c.code = ANY(@companies)) AND (@accountId::int IS NULL OR t.account_id = @accountId)
          AND (@status::text IS NULL OR t.status = @status) AND (@from::date IS NULL OR t.booking_date >= @from)
          AND (@to::date IS NULL OR t.booking_date <= @to) AND (@before::date IS NULL OR t.booking_date < @before)
        ORDER BY t.booking_date DESC, t.created_at DESC, t.id
        LIMIT @limit
        """;

    // One statement for any number of rows; a row whose (account, dedup key) exists already is skipped and not returned.
    private const string Insert = """
        INSERT INTO bank_transactions (id, company_id, account_id, statement_id, dedup_key, source, booking_date, value_date, amount, currency,
            counterparty_name, counterparty_iban, reference_type, reference, end_to_end_id, bank_reference, remittance, charges,
            instructed_amount, instructed_currency, exchange_rate, batch_id, batch_size, reversal, status, created_at)
        SELECT r.id, a.company_id, r.account_id, @statementId, r.dedup_key, r.source, r.booking_date, r.value_date, r.amount, r.currency,
            r.counterparty_name, r.counterparty_iban, r.reference_type, r.reference, r.end_to_end_id, r.bank_reference, r.remittance, r.charges,
            r.instructed_amount, r.instructed_currency, r.exchange_rate, r.batch_id, r.batch_size, r.reversal, 'unmatched', @now
        FROM jsonb_to_recordset(@rows::jsonb) AS r(id uuid, account_id int, dedup_key text, source text, booking_date date, value_date date,
            amount numeric, currency text, counterparty_name text, counterparty_iban text, reference_type text, reference text, end_to_end_id text,
            bank_reference text, remittance text, charges numeric, instructed_amount numeric, instructed_currency text, exchange_rate numeric,
            batch_id text, batch_size int, reversal boolean)
        JOIN company_bank_accounts a ON a.id = r.account_id
        ON CONFLICT (account_id, dedup_key) DO NOTHING
        RETURNING id
        """;

    public async Task<IReadOnlyList<BankTransaction>> ListAsync(BankTransactionFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<BankTransaction>(new CommandDefinition(SelectList, new
        {
            companies = filter.Companies?.ToArray(), accountId = filter.AccountId, status = filter.Status,
            from = filter.From, to = filter.To, before = filter.Before, limit = filter.Limit,
        }, cancellationToken: cancellationToken))];
    }

    public async Task<BankTransaction?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await FindAsync(connection, null, id, cancellationToken);
    }

    public static async Task<BankTransaction?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return await connection.QuerySingleOrDefaultAsync<BankTransaction>(new CommandDefinition($"SELECT {Columns} {From} WHERE t.id = @id",
            new { id }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Stores the transactions in the caller's transaction; returns the ids of those that were new (the others were stored before).</summary>
    public async Task<IReadOnlyList<Guid>> InsertAsync(NpgsqlTransaction transaction, Guid? statementId, IReadOnlyList<NewBankTransaction> rows,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (rows.Count == 0) return [];
        var now = clock.GetUtcNow();
        var json = System.Text.Json.JsonSerializer.Serialize(rows.Select(r => new Dictionary<string, object?>
        {
            ["id"] = Guid.CreateVersion7(now), ["account_id"] = r.AccountId, ["dedup_key"] = r.DedupKey, ["source"] = r.Source,
            ["booking_date"] = r.BookingDate, ["value_date"] = r.ValueDate, ["amount"] = r.Amount, ["currency"] = r.Currency,
            ["counterparty_name"] = r.CounterpartyName, ["counterparty_iban"] = r.CounterpartyIban, ["reference_type"] = r.ReferenceType,
            ["reference"] = r.Reference, ["end_to_end_id"] = r.EndToEndId, ["bank_reference"] = r.BankReference, ["remittance"] = r.Remittance,
            ["charges"] = r.Charges, ["instructed_amount"] = r.InstructedAmount, ["instructed_currency"] = r.InstructedCurrency,
            ["exchange_rate"] = r.ExchangeRate, ["batch_id"] = r.BatchId, ["batch_size"] = r.BatchSize, ["reversal"] = r.Reversal,
        }));
        return [.. await transaction.Connection!.QueryAsync<Guid>(new CommandDefinition(Insert, new { rows = json, statementId, now }, transaction,
            cancellationToken: cancellationToken))];
    }

    public async Task<string?> CompanyOfAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT c.code FROM bank_transactions t JOIN companies c ON c.id = t.company_id WHERE t.id = @id", new { id }, cancellationToken: cancellationToken));
    }
}
