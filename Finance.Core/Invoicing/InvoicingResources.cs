using Dapper;
using Finance.Core.Companies;
using Npgsql;

namespace Finance.Core.Invoicing;

/// <summary>The invoicing records flow inputs name: <c>invoiceId</c>, <c>customerId</c>, <c>paymentId</c>.</summary>
internal sealed class InvoiceResource(InvoiceStore invoices) : ICompanyResource
{
    public string InputName => "invoiceId";

    public string Kind => "invoice";

    public Task<string?> CompanyOfAsync(string id, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var guid) ? invoices.CompanyOfAsync(guid, cancellationToken) : Task.FromResult<string?>(null);
}

internal sealed class CustomerResource(CustomerStore customers) : ICompanyResource
{
    public string InputName => "customerId";

    public string Kind => "customer";

    public Task<string?> CompanyOfAsync(string id, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var guid) ? customers.CompanyOfAsync(guid, cancellationToken) : Task.FromResult<string?>(null);
}

internal sealed class PaymentResource(NpgsqlDataSource dataSource) : ICompanyResource
{
    private const string SelectCompany = "SELECT co.code FROM invoice_payments p JOIN companies co ON co.id = p.company_id WHERE p.id = @id";

    public string InputName => "paymentId";

    public string Kind => "payment";

    public async Task<string?> CompanyOfAsync(string id, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var guid)) return null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(SelectCompany, new { id = guid }, cancellationToken: cancellationToken));
    }
}
