using Dapper;
using Npgsql;

namespace Finance.Core.Invoicing;

/// <summary>Gapless numbers per company, series and year, e.g. <c>HYPERVISUAL-2026-00001</c> (credit notes:
/// <c>HYPERVISUAL-CN-2026-00001</c>). Called inside the issuing transaction: the counter row stays locked
/// until it commits, so concurrent issues queue and a rollback gives the number back. Never a sequence:
/// sequences are not transactional and leave gaps on rollback.</summary>
public static class InvoiceNumbering
{
    // Creates the year's counter on first use; a concurrent creator waits on the unique key, then does nothing.
    private const string EnsureCounter = """
        INSERT INTO invoice_number_counters (company_id, series, year, last_number)
        SELECT id, @series, @year, 0 FROM companies WHERE code = @company
        ON CONFLICT (company_id, series, year) DO NOTHING
        """;

    // FOR UPDATE: the lock serialises issuers of one company and year and is held to commit.
    private const string LockCounter = """
        SELECT c.company_id AS CompanyId, c.last_number AS LastNumber
        FROM invoice_number_counters c JOIN companies co ON co.id = c.company_id
        WHERE co.code = @company AND c.series = @series AND c.year = @year
        FOR UPDATE OF c
        """;

    private const string Advance = "UPDATE invoice_number_counters SET last_number = @next WHERE company_id = @companyId AND series = @series AND year = @year";

    public sealed record Assigned(string Number, short CompanyId, int Year, int Sequence);

    public static async Task<Assigned> NextAsync(NpgsqlTransaction transaction, string company, string series, int year, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        var args = new { company, series, year };
        await connection.ExecuteAsync(new CommandDefinition(EnsureCounter, args, transaction, cancellationToken: cancellationToken));
        var counter = await connection.QuerySingleAsync<(short CompanyId, int LastNumber)>(
            new CommandDefinition(LockCounter, args, transaction, cancellationToken: cancellationToken));
        var next = counter.LastNumber + 1;
        await connection.ExecuteAsync(new CommandDefinition(Advance, new { next, counter.CompanyId, series, year }, transaction, cancellationToken: cancellationToken));
        var prefix = series == InvoiceKind.CreditNote ? $"{company}-CN" : company;
        return new Assigned($"{prefix}-{year}-{next:D5}", counter.CompanyId, year, next);
    }
}
