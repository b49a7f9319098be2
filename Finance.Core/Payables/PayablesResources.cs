using Dapper;
using Finance.Core.Companies;
using Npgsql;

namespace Finance.Core.Payables;

/// <summary><c>billId</c> in a flow input names a bill: its company must be the instance's.</summary>
public sealed class BillResource(BillStore bills) : ICompanyResource
{
    public string InputName => "billId";

    public string Kind => "bill";

    public Task<string?> CompanyOfAsync(string id, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var billId) ? bills.CompanyOfAsync(billId, cancellationToken) : Task.FromResult<string?>(null);
}

/// <summary><c>supplierId</c> in a flow input names a supplier of one company.</summary>
public sealed class SupplierResource(NpgsqlDataSource dataSource) : ICompanyResource
{
    public string InputName => "supplierId";

    public string Kind => "supplier";

    public async Task<string?> CompanyOfAsync(string id, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var supplierId)) return null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT co.code FROM suppliers s JOIN companies co ON co.id = s.company_id WHERE s.id = @supplierId", new { supplierId },
            cancellationToken: cancellationToken));
    }
}
