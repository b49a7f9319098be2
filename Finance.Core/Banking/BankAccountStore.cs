using Dapper;
using Npgsql;

namespace Finance.Core.Banking;

/// <summary>The companies' bank accounts as transaction sources: found by IBAN (a statement names its account) or by Revolut's id.</summary>
public sealed class BankAccountStore(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        a.id AS Id, c.code AS Company, a.bank_name AS BankName, a.iban AS Iban, a.qr_iban AS QrIban, a.currency::text AS Currency,
        a.source AS Source, a.external_id AS ExternalId, a.bic AS Bic
        """;

    private const string SelectList = $"""
        SELECT {Columns} FROM company_bank_accounts a JOIN companies c ON c.id = a.company_id
        WHERE (@companies::text[] IS NULL OR c.code = ANY(@companies)) ORDER BY c.code, a.is_default DESC, a.id
        """;

    public async Task<IReadOnlyList<BankingAccount>> ListAsync(IReadOnlyCollection<string>? companies, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<BankingAccount>(new CommandDefinition(SelectList, new { companies = companies?.ToArray() },
            cancellationToken: cancellationToken))];
    }

    /// <summary>The account with this IBAN or QR-IBAN (a statement may name either), in the caller's transaction.</summary>
    public static async Task<BankingAccount?> FindByIbanAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string iban,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return await connection.QuerySingleOrDefaultAsync<BankingAccount>(new CommandDefinition(
            $"SELECT {Columns} FROM company_bank_accounts a JOIN companies c ON c.id = a.company_id WHERE a.iban = @iban OR a.qr_iban = @iban",
            new { iban }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Links an account to its Revolut Business account id (transactions then come from the Revolut sync).</summary>
    public async Task LinkRevolutAsync(string iban, string externalId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE company_bank_accounts SET source = 'revolut', external_id = @externalId WHERE iban = @iban",
            new { iban, externalId }, cancellationToken: cancellationToken));
    }
}
