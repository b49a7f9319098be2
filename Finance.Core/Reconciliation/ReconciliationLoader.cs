using Dapper;
using Finance.Core.Banking;
using Finance.Core.Reconciliation.Engine;
using Npgsql;

namespace Finance.Core.Reconciliation;

/// <summary>Loads one company's open items (invoices still open, bills in a payment run), waiting bank lines and rules for the engine.</summary>
internal static class ReconciliationLoader
{
    // Receivables: issued invoices with something open; their QR/SCOR reference and the customer's name.
    private const string SelectReceivables = """
        SELECT i.id AS Id, i.number AS Number, i.total - i.paid_amount - i.credited_amount AS AmountOpen, i.currency::text AS Currency,
               i.invoice_date AS IssueDate, COALESCE(i.due_date, i.invoice_date) AS DueDate, i.payment_reference AS Reference, cu.name AS CounterpartyName,
               NULL::text AS CounterpartyIban, NULL::text AS EndToEndId
        FROM invoices i JOIN customers cu ON cu.id = i.customer_id JOIN companies c ON c.id = i.company_id
        WHERE c.code = @company AND i.kind = 'invoice' AND i.status IN ('issued', 'sent', 'partially_paid')
          AND i.total - i.paid_amount - i.credited_amount > 0
        """;

    // Payables: bills in a live payment run, with the end-to-end id the pain.001 gave their transfer.
    private const string SelectPayables = """
        SELECT b.id AS Id, COALESCE(b.number, '') AS Number, pi.amount AS AmountOpen, r.currency::text AS Currency,
               COALESCE(b.invoice_date, r.execution_date) AS IssueDate, r.execution_date AS DueDate, b.reference AS Reference,
               COALESCE(s.name, '') AS CounterpartyName, b.iban AS CounterpartyIban, pi.end_to_end_id AS EndToEndId
        FROM bills b JOIN payment_run_items pi ON pi.bill_id = b.id JOIN payment_runs r ON r.id = pi.run_id AND r.status <> 'cancelled'
        LEFT JOIN suppliers s ON s.id = b.supplier_id JOIN companies c ON c.id = b.company_id
        WHERE c.code = @company AND b.status = 'in_payment'
        """;

    private const string SelectLines = $"""
        SELECT {BankTransactionStore.Columns} {BankTransactionStore.From}
        WHERE c.code = @company AND t.status IN ('unmatched', 'review') AND NOT t.reversal
        ORDER BY t.booking_date, t.id
        """;

    private const string SelectRules = """
        SELECT r.name AS Name, r.condition::text AS Condition, r.action::text AS Action FROM reconciliation_rules r
        LEFT JOIN companies c ON c.id = r.company_id
        WHERE r.active AND (r.company_id IS NULL OR c.code = @company) ORDER BY r.position, r.created_at, r.id
        """;

    public static async Task<(List<OpenItem> Items, List<BankTransaction> Lines, List<ReconcileRule> Rules)> LoadAsync(NpgsqlConnection connection,
        string company, Guid companyKey, CancellationToken cancellationToken)
    {
        var items = new List<OpenItem>();
        foreach (var r in await connection.QueryAsync<ItemRow>(new CommandDefinition(SelectReceivables, new { company }, cancellationToken: cancellationToken)))
        {
            items.Add(new OpenItem(r.Id, companyKey, OpenItemKind.Receivable, r.Number, r.AmountOpen, r.Currency, r.IssueDate, r.DueDate, r.Reference,
                r.CounterpartyName, r.CounterpartyIban));
        }
        foreach (var r in await connection.QueryAsync<ItemRow>(new CommandDefinition(SelectPayables, new { company }, cancellationToken: cancellationToken)))
        {
            items.Add(new OpenItem(r.Id, companyKey, OpenItemKind.Payable, r.Number, r.AmountOpen, r.Currency, r.IssueDate, r.DueDate, r.Reference,
                r.CounterpartyName, r.CounterpartyIban, r.EndToEndId));
        }
        var lines = (await connection.QueryAsync<BankTransaction>(new CommandDefinition(SelectLines, new { company }, cancellationToken: cancellationToken))).ToList();
        var rules = (await connection.QueryAsync<(string Name, string Condition, string Action)>(new CommandDefinition(SelectRules, new { company },
            cancellationToken: cancellationToken))).Select(r => RuleJson.ToRule(r.Name, r.Condition, r.Action)).ToList();
        return (items, lines, rules);
    }

    public static BankLine ToLine(BankTransaction t, Guid companyKey) => new(t.Id, companyKey, t.Amount, t.Currency, t.BookingDate, t.CounterpartyName,
        t.CounterpartyIban, t.Reference, t.EndToEndId, t.Remittance, t.Charges is { } c ? Math.Abs(c) : 0);

    private sealed record ItemRow(Guid Id, string Number, decimal AmountOpen, string Currency, DateOnly IssueDate, DateOnly DueDate, string? Reference,
        string CounterpartyName, string? CounterpartyIban, string? EndToEndId);
}
