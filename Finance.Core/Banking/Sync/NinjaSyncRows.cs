using Dapper;
using Finance.Core.Companies;
using Finance.Core.Invoicing;
using Npgsql;

namespace Finance.Core.Banking.Sync;

/// <summary>Our side of the Invoice Ninja sync, read on the run's connection: copies by external id, and payments to push.</summary>
internal static class NinjaSyncRows
{
    public const string Source = "invoice_ninja";

    private const string Customers = $"""
        SELECT cu.id, cu.external_id, cu.name, cu.street, cu.building_number, cu.postal_code, cu.town, cu.country, cu.language, cu.email,
               cu.payment_terms_days, cu.vat_number, cu.updated_at
        FROM customers cu JOIN companies c ON c.id = cu.company_id
        WHERE c.code = @company AND cu.external_source = '{Source}' AND (@ids::text[] IS NULL OR cu.external_id = ANY(@ids))
        """;

    // FOR UPDATE: the run changes these rows from what it read here; a person's change waits for the commit.
    private const string Invoices = $"""
        SELECT i.id, i.external_id, i.customer_id, i.status, i.currency, i.total, i.paid_amount, i.credited_amount, i.updated_at,
               EXISTS (SELECT 1 FROM invoice_payments p WHERE p.invoice_id = i.id AND p.reversed_at IS NULL
                       AND (p.external_source IS NULL OR p.external_pushed_at IS NOT NULL)) AS own_payments,
               EXISTS (SELECT 1 FROM invoice_payments p WHERE p.invoice_id = i.id AND p.reversed_at IS NULL AND p.external_id IS NULL
                       AND p.applied_amount > 0) AS unpushed,
               COALESCE((SELECT sum(p.applied_amount) FROM invoice_payments p WHERE p.invoice_id = i.id AND p.reversed_at IS NOT NULL
                       AND p.external_pushed_at IS NOT NULL), 0) AS reversed_pushed
        FROM invoices i JOIN companies c ON c.id = i.company_id
        WHERE c.code = @company AND i.external_source = '{Source}' AND i.external_id = ANY(@ids)
        FOR UPDATE OF i
        """;

    private const string Unpushed = $"""
        SELECT p.id, i.external_id AS invoice_external_id, cu.external_id AS client_external_id, p.applied_amount, p.payment_date, p.reference
        FROM invoice_payments p JOIN invoices i ON i.id = p.invoice_id JOIN customers cu ON cu.id = i.customer_id JOIN companies c ON c.id = p.company_id
        WHERE c.code = @company AND i.external_source = '{Source}' AND cu.external_source = '{Source}'
          AND p.external_id IS NULL AND p.reversed_at IS NULL AND p.applied_amount > 0
        ORDER BY p.recorded_at, p.id
        """;

    // A pushed payment reversed here afterwards, not yet shown to a person (a resolved conflict is not reopened).
    private const string ReversedPushed = $"""
        SELECT p.id, p.external_id, i.external_id AS invoice_external_id, p.applied_amount, p.reversed_reason
        FROM invoice_payments p JOIN invoices i ON i.id = p.invoice_id JOIN companies c ON c.id = p.company_id
        WHERE c.code = @company AND p.external_source = '{Source}' AND p.external_pushed_at IS NOT NULL AND p.reversed_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM sync_conflicts s WHERE s.company_id = p.company_id AND s.source = '{Source}' AND s.entity = 'payment'
                          AND s.external_id = p.external_id AND s.field = 'reversed')
        """;

    public sealed record OurCustomer(Guid Id, string ExternalId, Customer Customer, DateTimeOffset UpdatedAt);

    public sealed record OurInvoice(Guid Id, string ExternalId, Guid CustomerId, string Status, string Currency, decimal Total, decimal PaidAmount,
        decimal CreditedAmount, DateTimeOffset UpdatedAt, bool OwnPayments, bool Unpushed, decimal ReversedPushed);

    public sealed record UnpushedPayment(Guid Id, string InvoiceExternalId, string ClientExternalId, decimal Amount, DateOnly Date, string? Reference);

    public sealed record ReversedPayment(Guid Id, string ExternalId, string InvoiceExternalId, decimal Amount, string? Reason);

    /// <summary>Our customers from Invoice Ninja by client id (<paramref name="ids"/> null: all of the company's).</summary>
    public static async Task<Dictionary<string, OurCustomer>> CustomersAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string company,
        IReadOnlyCollection<string>? ids, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<CustomerRow>(new CommandDefinition(Customers, new { company, ids = ids?.ToArray() }, transaction,
            cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.external_id, r => r.ToCustomer(company), StringComparer.Ordinal);
    }

    public static async Task<Dictionary<string, OurInvoice>> InvoicesAsync(NpgsqlTransaction transaction, string company, IReadOnlyCollection<string> ids,
        CancellationToken cancellationToken)
    {
        var rows = await transaction.Connection!.QueryAsync<InvoiceRow>(new CommandDefinition(Invoices, new { company, ids = ids.ToArray() }, transaction,
            cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.external_id, r => r.ToInvoice(), StringComparer.Ordinal);
    }

    public static async Task<IReadOnlyList<UnpushedPayment>> UnpushedAsync(NpgsqlConnection connection, string company, CancellationToken cancellationToken) =>
        [.. (await connection.QueryAsync<UnpushedRow>(new CommandDefinition(Unpushed, new { company }, cancellationToken: cancellationToken)))
            .Select(r => new UnpushedPayment(r.id, r.invoice_external_id, r.client_external_id, r.applied_amount, r.payment_date, r.reference))];

    public static async Task<IReadOnlyList<ReversedPayment>> ReversedPushedAsync(NpgsqlTransaction transaction, string company, CancellationToken cancellationToken) =>
        [.. (await transaction.Connection!.QueryAsync<ReversedRow>(new CommandDefinition(ReversedPushed, new { company }, transaction,
            cancellationToken: cancellationToken))).Select(r => new ReversedPayment(r.id, r.external_id, r.invoice_external_id, r.applied_amount, r.reversed_reason))];

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));

#pragma warning disable IDE1006, CA1812 // Dapper row shapes mirror the SQL column names.
    private sealed record CustomerRow(Guid id, string external_id, string name, string street, string? building_number, string postal_code, string town,
        string country, string language, string email, int payment_terms_days, string? vat_number, DateTime updated_at)
    {
        public OurCustomer ToCustomer(string company) => new(id, external_id, new Customer(id, company, name,
            new PostalAddress(street, building_number ?? "", postal_code, town, country), language, email, payment_terms_days, vat_number), Utc(updated_at));
    }

    private sealed record InvoiceRow(Guid id, string external_id, Guid customer_id, string status, string currency, decimal total, decimal paid_amount,
        decimal credited_amount, DateTime updated_at, bool own_payments, bool unpushed, decimal reversed_pushed)
    {
        public OurInvoice ToInvoice() => new(id, external_id, customer_id, status, currency, total, paid_amount, credited_amount, Utc(updated_at),
            own_payments, unpushed, reversed_pushed);
    }

    private sealed record UnpushedRow(Guid id, string invoice_external_id, string client_external_id, decimal applied_amount, DateOnly payment_date, string? reference);

    private sealed record ReversedRow(Guid id, string external_id, string invoice_external_id, decimal applied_amount, string? reversed_reason);
#pragma warning restore IDE1006, CA1812
}
