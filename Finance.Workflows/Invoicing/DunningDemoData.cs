using System.Text.Json.Nodes;
using Dapper;
using Finance.Core.Demo;
using Finance.Workflows.Engines;
using Finance.Workflows.Runs;
using Npgsql;

namespace Finance.Workflows.Invoicing;

/// <summary>
/// The dunning of the demo invoices that were sent: the invoicing demo marks them sent directly, so nothing started the
/// <c>invoice.dunning</c> flow a real send starts. Queued here under the id every flow computes (<c>invoice-dunning-{id}</c>),
/// so the payments the banking demo brings end it through <c>invoice.mark-paid</c>, and the overdue one gets its first
/// reminder as it would have. Runs after the invoicing demo (registration order) and once: not when the first of them
/// already has its dunning.
/// </summary>
internal sealed class DunningDemoData(NpgsqlDataSource dataSource, FlowStartOutbox flowStarts, IFlowInstances instances) : IDemoSeeder
{
    public string Description => "dunning of the sent demo invoices";

    public async Task<bool> SeedOnceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var sent = (await connection.QueryAsync<(Guid Id, string Company, DateOnly DueDate)>(new CommandDefinition("""
            SELECT i.id, c.code, i.due_date FROM invoices i JOIN companies c ON c.id = i.company_id
            WHERE i.kind = 'invoice' AND i.status IN ('sent', 'partially_paid') AND i.due_date IS NOT NULL ORDER BY i.created_at, i.id
            """, cancellationToken: cancellationToken))).ToList();
        if (sent.Count == 0) return false;
        var first = InstanceId(sent[0].Id);
        if (await instances.FindAsync(first, cancellationToken) is not null
            || await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM flow_starts WHERE instance_id = @first)",
                new { first }, cancellationToken: cancellationToken)))
        {
            return false;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var invoice in sent)
        {
            await flowStarts.AppendAsync(transaction, new StartFlowRequest(InvoiceFlows.DunningId,
                new JsonObject { ["invoiceId"] = invoice.Id.ToString(), ["dueDate"] = invoice.DueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) },
                invoice.Company, invoice.Id.ToString(), InstanceId: InstanceId(invoice.Id)), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static string InstanceId(Guid invoice) => $"invoice-dunning-{invoice}";
}
