using Dapper;
using Finance.Core.Errors;
using Finance.Core.Invoicing;
using Finance.Core.Invoicing.QrBill;
using Npgsql;

namespace Finance.Core.Payables;

/// <summary>Suppliers per company with the IBANs their bills pay to; a read bill recognises its supplier by IBAN or UID.</summary>
public sealed class SupplierStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string Columns = """
        s.id AS Id, co.code AS CompanyCode, s.name AS Name, s.street AS Street, s.building_number AS BuildingNumber,
        s.postal_code AS PostalCode, s.town AS Town, s.country::text AS Country, s.uid AS Uid, s.vat_number AS VatNumber,
        s.default_vat_rate AS DefaultVatRate, s.payment_terms_days AS PaymentTermsDays,
        COALESCE((SELECT string_agg(a.iban, ',' ORDER BY a.iban) FROM supplier_accounts a WHERE a.supplier_id = s.id), '') AS Ibans
        """;

    private const string SelectList = $"""
        SELECT {Columns} FROM suppliers s JOIN companies co ON co.id = s.company_id
        WHERE (@companies::text[] IS NULL OR co.code = ANY(@companies))
        ORDER BY co.code, s.name, s.id
        LIMIT @limit
        """;

    private const string SelectOne = $"SELECT {Columns} FROM suppliers s JOIN companies co ON co.id = s.company_id WHERE s.id = @id";

    // An IBAN names its supplier exactly; a UID only when no IBAN matched (a supplier may have changed banks).
    private const string SelectRecognised = """
        SELECT s.id FROM suppliers s JOIN companies co ON co.id = s.company_id
        WHERE co.code = @company
          AND (s.id IN (SELECT a.supplier_id FROM supplier_accounts a WHERE a.company_id = s.company_id AND a.iban = @iban) OR s.uid = @uid)
        ORDER BY (s.id IN (SELECT a.supplier_id FROM supplier_accounts a WHERE a.company_id = s.company_id AND a.iban = @iban)) DESC
        LIMIT 1
        """;

    private const string Insert = """
        INSERT INTO suppliers (company_id, name, street, building_number, postal_code, town, country, uid, vat_number, default_vat_rate,
                               payment_terms_days, created_at, updated_at)
        SELECT id, @name, @street, @buildingNumber, @postalCode, @town, @country, @uid, @vatNumber, @defaultVatRate, @paymentTermsDays, @now, @now
        FROM companies WHERE code = @company
        RETURNING id
        """;

    private const string InsertAccount = """
        INSERT INTO supplier_accounts (supplier_id, company_id, iban)
        SELECT @supplierId, company_id, @iban FROM suppliers WHERE id = @supplierId
        """;

    public async Task<IReadOnlyList<Supplier>> ListAsync(IReadOnlyCollection<string>? companies, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. (await connection.QueryAsync<Row>(new CommandDefinition(SelectList, new { companies = companies?.ToArray(), limit },
            cancellationToken: cancellationToken))).Select(r => r.ToSupplier())];
    }

    public async Task<Supplier?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(SelectOne, new { id }, cancellationToken: cancellationToken)))?.ToSupplier();
    }

    /// <summary>The supplier a bill to <paramref name="iban"/> (or from <paramref name="uid"/>) comes from, if the company knows it.</summary>
    public static async Task<Guid?> RecogniseAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string company, string? iban, string? uid,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (iban is null && uid is null) return null;
        return await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(SelectRecognised, new { company, iban, uid }, transaction,
            cancellationToken: cancellationToken));
    }

    /// <summary>Creates a supplier in the caller's transaction; a UID or IBAN another supplier of the company has is a conflict.</summary>
    public async Task<Guid> CreateAsync(NpgsqlTransaction transaction, string company, SupplierInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(input);
        var (uid, ibans) = Validate(input);
        var connection = transaction.Connection!;
        try
        {
            var id = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(Insert, new
            {
                company, name = input.Name.Trim(), input.Street, input.BuildingNumber, input.PostalCode, input.Town,
                country = input.Country.ToUpperInvariant(), uid, input.VatNumber, input.DefaultVatRate, input.PaymentTermsDays, now = clock.GetUtcNow(),
            }, transaction, cancellationToken: cancellationToken)) ?? throw new NotFoundException($"No company with code '{company}'.", "company.not_found");
            foreach (var iban in ibans)
            {
                await connection.ExecuteAsync(new CommandDefinition(InsertAccount, new { supplierId = id, iban }, transaction, cancellationToken: cancellationToken));
            }
            return id;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ConflictException(e.ConstraintName == "suppliers_uid"
                ? $"Company {company} already has a supplier with UID {uid}."
                : "One of these IBANs already belongs to another supplier of the company.", "supplier.exists", e);
        }
    }

    /// <summary>Adds an account to a supplier (a bill confirmed for it paid to a new IBAN).</summary>
    public static async Task AddIbanAsync(NpgsqlTransaction transaction, Guid supplierId, string iban, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            InsertAccount + " ON CONFLICT DO NOTHING", new { supplierId, iban }, transaction, cancellationToken: cancellationToken));
    }

    private static (string? Uid, List<string> Ibans) Validate(SupplierInput input)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Length > 70) errors.Add("name", "A name of 1 to 70 characters is required.");
        string? uid = null;
        if (input.Uid is not null && !SwissUid.TryNormalize(input.Uid, out uid)) errors.Add("uid", "Not a Swiss UID (CHE-123.456.789 with a valid check digit).");
        if (input.Country is not { Length: 2 } || !input.Country.All(char.IsAsciiLetter)) errors.Add("country", "An ISO 3166 two-letter country code.");
        if (input.DefaultVatRate is { } rate && !VatRates.IsAllowed(rate)) errors.Add("defaultVatRate", "A Swiss VAT rate: 8.1, 2.6, 3.8 or 0.");
        if (input.PaymentTermsDays is < 0 or > 365) errors.Add("paymentTermsDays", "Between 0 and 365 days.");
        var ibans = new List<string>();
        foreach (var (text, i) in (input.Ibans ?? []).Select((t, i) => (t, i)))
        {
            if (Iban.TryParse(text, out var iban)) ibans.Add(iban.Value);
            else errors.Add($"ibans[{i}]", $"'{text}' is not a valid IBAN.");
        }
        errors.ThrowIfAny();
        return (uid, ibans);
    }

    private sealed record Row(
        Guid Id, string CompanyCode, string Name, string? Street, string? BuildingNumber, string? PostalCode, string? Town, string Country,
        string? Uid, string? VatNumber, decimal? DefaultVatRate, int PaymentTermsDays, string Ibans)
    {
        public Supplier ToSupplier() => new(Id, CompanyCode, Name, Street, BuildingNumber, PostalCode, Town, Country.Trim(), Uid, VatNumber,
            DefaultVatRate, PaymentTermsDays, Ibans.Split(',', StringSplitOptions.RemoveEmptyEntries));
    }
}
