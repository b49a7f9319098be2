using Dapper;
using Npgsql;

namespace Finance.Core.Companies;

/// <summary>Reads companies and their bank accounts.</summary>
public sealed class CompanyStore(NpgsqlDataSource dataSource)
{
    private const string SelectCompanies = """
        SELECT id, code, name, legal_form, street, building_number, postal_code, town, country,
               default_language, currency, vat_number, email
        FROM companies
        WHERE @codes::text[] IS NULL OR code = ANY(@codes)
        ORDER BY id;
        SELECT company_id, bank_name, iban, qr_iban, currency, is_default
        FROM company_bank_accounts
        WHERE company_id IN (SELECT id FROM companies WHERE @codes::text[] IS NULL OR code = ANY(@codes))
        ORDER BY company_id, is_default DESC, id;
        """;

    /// <summary>Lists companies; <paramref name="codes"/> null means all of them.</summary>
    public async Task<IReadOnlyList<Company>> ListAsync(IReadOnlyCollection<string>? codes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        using var grid = await connection.QueryMultipleAsync(new CommandDefinition(
            SelectCompanies, new { codes = codes?.ToArray() }, cancellationToken: cancellationToken));
        var companies = (await grid.ReadAsync<CompanyRow>()).ToList();
        var accounts = (await grid.ReadAsync<AccountRow>()).ToLookup(a => a.company_id);
        return [.. companies.Select(c => c.ToCompany(accounts[c.id]))];
    }

    public async Task<Company?> FindAsync(string code, CancellationToken cancellationToken) =>
        (await ListAsync([code], cancellationToken)).SingleOrDefault();

#pragma warning disable IDE1006, CA1812 // Dapper row shapes mirror the SQL column names.
    private sealed record CompanyRow(short id, string code, string name, string legal_form, string street, string building_number,
        string postal_code, string town, string country, string default_language, string currency, string vat_number, string email)
    {
        public Company ToCompany(IEnumerable<AccountRow> accounts) => new(id, code, name, legal_form,
            new PostalAddress(street, building_number, postal_code, town, country), default_language, currency, vat_number, email,
            [.. accounts.Select(a => new BankAccount(a.bank_name, a.iban, a.qr_iban, a.currency, a.is_default))]);
    }

    private sealed record AccountRow(short company_id, string bank_name, string iban, string? qr_iban, string currency, bool is_default);
#pragma warning restore IDE1006, CA1812
}
