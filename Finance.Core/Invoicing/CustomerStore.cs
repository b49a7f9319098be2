using Finance.Core.Errors;
using Dapper;
using Finance.Core.Companies;
using Finance.Core.Invoicing.QrBill;
using Npgsql;

namespace Finance.Core.Invoicing;

/// <summary>Customers of one company: the debtors of its invoices.</summary>
public sealed class CustomerStore(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        c.id, co.code AS company_code, c.name, c.street, c.building_number, c.postal_code, c.town, c.country,
        c.language, c.email, c.payment_terms_days, c.vat_number
        """;

    private const string SelectOne = $"SELECT {Columns} FROM customers c JOIN companies co ON co.id = c.company_id WHERE c.id = @id";

    private const string SelectCompany = "SELECT co.code FROM customers c JOIN companies co ON co.id = c.company_id WHERE c.id = @id";

    private const string SelectByCompany = $"""
        SELECT {Columns} FROM customers c JOIN companies co ON co.id = c.company_id
        WHERE co.code = @company ORDER BY c.name, c.id
        """;

    private const string Insert = """
        INSERT INTO customers (company_id, name, street, building_number, postal_code, town, country, language, email, payment_terms_days, vat_number)
        SELECT id, @Name, @Street, @BuildingNumber::text, @PostalCode, @Town, @Country, @Language, @Email, @PaymentTermsDays, @VatNumber::text
        FROM companies WHERE code = @company
        RETURNING id
        """;

    private const string Update = """
        UPDATE customers SET name = @Name, street = @Street, building_number = @BuildingNumber, postal_code = @PostalCode, town = @Town,
            country = @Country, language = @Language, email = @Email, payment_terms_days = @PaymentTermsDays, vat_number = @VatNumber,
            updated_at = now()
        WHERE id = @id
        """;

    // Invoices keep pointing at their customer: one with invoices cannot go.
    private const string Delete = "DELETE FROM customers c WHERE c.id = @id AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.customer_id = c.id)";

    /// <summary>The company a customer belongs to, or null when there is no such customer (for access checks).</summary>
    public async Task<string?> CompanyOfAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(SelectCompany, new { id }, cancellationToken: cancellationToken));
    }

    public async Task<Customer?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await LoadAsync(connection, null, id, cancellationToken);
    }

    /// <summary>Reads on the caller's connection, so a transaction never waits on the pool for a second one.</summary>
    public static async Task<Customer?> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid id, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(SelectOne, new { id }, transaction, cancellationToken: cancellationToken));
        return row?.ToCustomer();
    }

    public async Task<IReadOnlyList<Customer>> ListAsync(string company, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(SelectByCompany, new { company }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToCustomer())];
    }

    public async Task<Customer> CreateAsync(string company, CustomerInput input, CancellationToken cancellationToken)
    {
        var p = Validate(input);
        p.Add("company", company);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(Insert, p, cancellationToken: cancellationToken))
            ?? throw new NotFoundException($"No company with code '{company}'.");
        return (await LoadAsync(connection, null, id, cancellationToken))!;
    }

    public async Task<Customer> UpdateAsync(Guid id, CustomerInput input, CancellationToken cancellationToken)
    {
        var p = Validate(input);
        p.Add("id", id);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await connection.ExecuteAsync(new CommandDefinition(Update, p, cancellationToken: cancellationToken)) == 0)
            throw new NotFoundException($"No customer with id '{id}'.");
        return (await LoadAsync(connection, null, id, cancellationToken))!;
    }

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await connection.ExecuteAsync(new CommandDefinition(Delete, new { id }, cancellationToken: cancellationToken)) == 0)
            throw new ConflictException($"Customer '{id}' has invoices and cannot be deleted.");
    }

    /// <summary>The checks every customer passes, as parameters for <c>customers</c>' columns (the Invoice Ninja sync writes with them too).</summary>
    internal static DynamicParameters Validate(CustomerInput input)
    {
        var errors = new FieldErrors();
        // Lengths follow the QR-bill debtor fields (SIX IG QR-bill 2.3, "UltmtDbtr"), so any customer fits on a bill.
        Required(errors, "name", input.Name, 70);
        Required(errors, "address.street", input.Address?.Street, 70);
        if (input.Address?.BuildingNumber is { Length: > 16 }) errors.Add("address.buildingNumber", "At most 16 characters.");
        Required(errors, "address.postalCode", input.Address?.PostalCode, 16);
        Required(errors, "address.town", input.Address?.Town, 35);
        if (input.Address?.Country is not { Length: 2 } country || !country.All(char.IsAsciiLetterUpper))
            errors.Add("address.country", "An ISO 3166 two-letter country code in capitals is required, e.g. CH.");
        if (input.Language is not ("fr" or "de" or "en" or "it")) errors.Add("language", "Language must be fr, de, en or it.");
        if (input.Email is not { } email || email.Length > 254 || email.IndexOf('@', StringComparison.Ordinal) is < 1 || email.EndsWith('@'))
            errors.Add("email", "A valid e-mail address is required.");
        if (input.PaymentTermsDays is < 0 or > 365) errors.Add("paymentTermsDays", "Payment terms must be 0 to 365 days.");
        if (input.VatNumber is { Length: > 40 }) errors.Add("vatNumber", "At most 40 characters.");
        errors.ThrowIfAny();
        var a = input.Address!;
        return new DynamicParameters(new
        {
            Name = input.Name!.Trim(), Street = a.Street.Trim(), BuildingNumber = string.IsNullOrWhiteSpace(a.BuildingNumber) ? null : a.BuildingNumber.Trim(),
            PostalCode = a.PostalCode.Trim(), Town = a.Town.Trim(), a.Country, input.Language, Email = input.Email!.Trim(), input.PaymentTermsDays,
            VatNumber = string.IsNullOrWhiteSpace(input.VatNumber) ? null : input.VatNumber.Trim(),
        });
    }

    private static void Required(FieldErrors errors, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value)) errors.Add(field, "Required.");
        else if (value.Length > max) errors.Add(field, $"At most {max} characters.");
        // The customer is the debtor on the QR-bill, whose character set is limited (SIX IG QR-bill 2.3, "Character set").
        else if (QrBillCharset.FirstInvalid(value) is var bad and >= 0) errors.Add(field, $"U+{(int)value[bad]:X4} cannot be printed on a QR-bill.");
    }

#pragma warning disable IDE1006, CA1812 // Dapper row shape mirrors the SQL column names.
    private sealed record Row(Guid id, string company_code, string name, string street, string? building_number, string postal_code,
        string town, string country, string language, string email, int payment_terms_days, string? vat_number)
    {
        public Customer ToCustomer() => new(id, company_code, name, new PostalAddress(street, building_number ?? "", postal_code, town, country),
            language, email, payment_terms_days, vat_number);
    }
#pragma warning restore IDE1006, CA1812
}
