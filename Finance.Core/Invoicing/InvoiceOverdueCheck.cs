using Dapper;
using Finance.Core.Events;
using Npgsql;

namespace Finance.Core.Invoicing;

/// <summary>
/// The daily overdue check (09:00 Europe/Zurich): marks open invoices past their due date and raises one alert for
/// each. Safe to run twice: an invoice is marked once, so its alert is raised once.
/// </summary>
public sealed class InvoiceOverdueCheck(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public const string Overdue = "invoice.overdue";

    private const string MarkOverdue = $"""
        UPDATE invoices SET overdue_since = @today
        WHERE kind = '{InvoiceKind.Invoice}' AND status IN ({InvoiceStatus.OpenSqlList}) AND due_date < @today AND overdue_since IS NULL
        RETURNING id
        """;

    /// <summary>Returns the ids of the invoices newly marked overdue.</summary>
    public async Task<IReadOnlyList<Guid>> RunAsync(CancellationToken cancellationToken)
    {
        var today = SwissCalendar.Today(clock);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = (await connection.QueryAsync<Guid>(new CommandDefinition(
            MarkOverdue, new { today = InvoiceDrafts.ToDate(today) }, transaction, cancellationToken: cancellationToken))).ToList();
        if (ids.Count > 0)
        {
            // All marked invoices in one read and all their events in one insert, in the order they were marked.
            var events = new List<(string Type, string? Company, object Payload)>(2 * ids.Count);
            foreach (var invoice in await InvoiceStore.LoadAsync(connection, transaction, ids, cancellationToken))
            {
                var days = today.DayNumber - invoice.DueDate!.Value.DayNumber;
                events.Add(InvoiceEvents.Event(Overdue, invoice, new { daysOverdue = days }));
                events.Add(InvoiceEvents.Event(InvoiceReminders.AlertRaised, invoice,
                    new { kind = Overdue, message = $"Invoice {invoice.Number} is {days} day(s) overdue." }));
            }
            await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { OutboxWriter.Command(events, clock.GetUtcNow()) } };
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return ids;
    }
}
