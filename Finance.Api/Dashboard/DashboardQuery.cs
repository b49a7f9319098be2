using Dapper;
using Finance.Core.Banking;
using Finance.Core.Invoicing;
using Finance.Workflows.Runs;
using Npgsql;

namespace Finance.Api.Dashboard;

/// <summary>
/// Computes the dashboard for a set of companies (the original's enhanced dashboard): KPI cards, alerts, the cash-flow
/// chart (actual and forecast) and recent transactions. Reads only; the figures are as of the call
/// (<see cref="DashboardCache"/> keeps them until the next event).
/// <para>The forecast starts from today's cash and adds, per day: each open invoice's open amount on its due date moved
/// by its customer's usual delay (the average days between due date and payment of their paid invoices, between −30 and
/// 120; none paid yet: on time; a date already past: tomorrow), minus each validated bill's gross amount on its scheduled
/// payment date (else its due date).</para>
/// </summary>
public sealed class DashboardQuery(NpgsqlDataSource dataSource, CashPosition cash, BankTransactionStore transactions, IFlowInstances flows, TimeProvider clock)
{
    public const int ActualDays = 30;
    public const int ForecastDays = 60;

    public async Task<DashboardResponse> ComputeAsync(string? company, IReadOnlyList<string> companies, CancellationToken cancellationToken)
    {
        var today = SwissCalendar.Today(clock);
        var parameters = new { companies = companies.ToArray(), today, horizon = today.AddDays(30), since = today.AddDays(-90) };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        var receivables = (await connection.QueryAsync<OpenInvoiceRow>(new CommandDefinition($"""
            WITH delays AS (
                SELECT customer_id, LEAST(GREATEST(avg((paid_at AT TIME ZONE 'Europe/Zurich')::date - due_date), -30), 120)::int AS delay
                FROM invoices WHERE status = 'paid' AND kind = 'invoice' AND paid_at IS NOT NULL AND due_date IS NOT NULL GROUP BY customer_id)
            SELECT i.currency::text AS Currency, i.total - i.paid_amount - i.credited_amount AS Open, i.due_date AS DueDate, COALESCE(d.delay, 0) AS Delay
            FROM invoices i JOIN companies c ON c.id = i.company_id LEFT JOIN delays d ON d.customer_id = i.customer_id
            WHERE c.code = ANY(@companies) AND i.kind = 'invoice' AND i.status IN ({InvoiceStatus.OpenSqlList})
              AND i.total - i.paid_amount - i.credited_amount > 0
            """, parameters, cancellationToken: cancellationToken))).ToList();
        var sales = (await connection.QueryAsync<(string Currency, decimal Amount)>(new CommandDefinition("""
            SELECT i.currency::text, sum(CASE WHEN i.kind = 'invoice' THEN i.total ELSE -i.total END)
            FROM invoices i JOIN companies c ON c.id = i.company_id
            WHERE c.code = ANY(@companies) AND i.status NOT IN ('draft', 'cancelled') AND i.invoice_date > @since GROUP BY i.currency
            """, parameters, cancellationToken: cancellationToken))).ToDictionary(s => s.Currency, s => s.Amount);
        var payables = (await connection.QueryAsync<BillRow>(new CommandDefinition("""
            SELECT b.currency::text AS Currency, b.gross_amount AS Gross, COALESCE(b.scheduled_for, b.due_date) AS PayOn, b.due_date AS DueDate
            FROM bills b JOIN companies c ON c.id = b.company_id
            WHERE c.code = ANY(@companies) AND b.status IN ('validated', 'scheduled', 'in_payment') AND b.gross_amount IS NOT NULL AND b.currency IS NOT NULL
            """, parameters, cancellationToken: cancellationToken))).ToList();
        var counts = await connection.QuerySingleAsync<CountsRow>(new CommandDefinition("""
            SELECT
              (SELECT count(*) FROM invoice_reminders r JOIN invoices i ON i.id = r.invoice_id JOIN companies c ON c.id = i.company_id
                 WHERE c.code = ANY(@companies) AND r.level = 3 AND i.status IN ('issued', 'sent', 'partially_paid'))::int AS ThirdReminders,
              (SELECT count(*) FROM bills b JOIN companies c ON c.id = b.company_id WHERE c.code = ANY(@companies) AND b.status = 'review')::int AS BillsInReview,
              (SELECT count(*) FROM sync_cursors s JOIN companies c ON c.id = s.company_id WHERE c.code = ANY(@companies) AND s.last_error IS NOT NULL)::int AS SyncErrors,
              (SELECT count(*) FROM bank_transactions t JOIN companies c ON c.id = t.company_id
                 WHERE c.code = ANY(@companies) AND t.status IN ('unmatched', 'review'))::int AS Unmatched,
              (SELECT count(*) FROM bills b JOIN companies c ON c.id = b.company_id
                 WHERE c.code = ANY(@companies) AND b.created_at > @since AND b.status NOT IN ('received', 'duplicate'))::int AS BillsRead,
              (SELECT count(*) FROM bills b JOIN companies c ON c.id = b.company_id
                 WHERE c.code = ANY(@companies) AND b.created_at > @since AND b.auto_validated)::int AS BillsAutoValidated
            """, new { companies = companies.ToArray(), since = new DateTimeOffset(today.AddDays(-90).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) },
            cancellationToken: cancellationToken));
        await connection.CloseAsync(); // back to the pool before the other readers take theirs
        var failed = await flows.ListAsync(new FlowInstanceFilter(Status: FlowInstanceStatus.Failed, Limit: 200, Companies: companies), cancellationToken);
        var position = await cash.GetAsync(companies, today.AddDays(-(ActualDays - 1)), today, cancellationToken);
        var recent = await transactions.ListAsync(new BankTransactionFilter(companies, null, null, null, null, 10), cancellationToken);

        var open = Sum(receivables.Select(r => (r.Currency, r.Open)));
        var overdue = receivables.Where(r => r.DueDate < today).ToList();
        var cashToday = position.Companies.GroupBy(c => c.Currency).Select(g => new Money(g.Key, g.Sum(c => c.Points[^1].Balance))).OrderBy(m => m.Currency).ToList();
        var kpis = new DashboardKpis(
            open,
            new OverdueFigure(overdue.Count, Sum(overdue.Select(r => (r.Currency, r.Open)))),
            [.. open.Where(o => sales.GetValueOrDefault(o.Currency) > 0).Select(o => new Dso(o.Currency, decimal.Round(o.Amount / sales[o.Currency] * 90, 1)))],
            Sum(payables.Where(p => (p.PayOn ?? p.DueDate) is { } day && day <= today.AddDays(30)).Select(p => (p.Currency, p.Gross))),
            cashToday,
            counts.BillsRead == 0 ? null : decimal.Round((decimal)counts.BillsAutoValidated / counts.BillsRead, 3));

        var alerts = new List<DashboardAlert>();
        if (counts.ThirdReminders > 0) alerts.Add(new("third_reminders", "critical", counts.ThirdReminders, $"{counts.ThirdReminders} open invoice(s) had their third reminder (formal notice)."));
        if (failed.Count > 0) alerts.Add(new("dead_letters", "critical", failed.Count, $"{failed.Count} flow instance(s) stopped on a step that used up its attempts."));
        if (counts.SyncErrors > 0) alerts.Add(new("sync_errors", "warning", counts.SyncErrors, $"{counts.SyncErrors} connection(s) failed at their last sync."));
        if (counts.BillsInReview > 0) alerts.Add(new("bills_in_review", "warning", counts.BillsInReview, $"{counts.BillsInReview} supplier bill(s) wait for review."));
        if (counts.Unmatched > 0) alerts.Add(new("unmatched_transactions", "info", counts.Unmatched, $"{counts.Unmatched} bank transaction(s) are not matched yet."));

        var currencies = cashToday.Select(c => c.Currency).Union(receivables.Select(r => r.Currency)).Union(payables.Select(p => p.Currency)).Order().ToList();
        var flow = currencies.Select(currency => new CashFlowSeries(currency,
            position.Companies.Where(c => c.Currency == currency).SelectMany(c => c.Points).GroupBy(p => p.Date).Select(g => new BalancePoint(g.Key, g.Sum(p => p.Balance))).OrderBy(p => p.Date).ToList(),
            Forecast(today, cashToday.FirstOrDefault(c => c.Currency == currency)?.Amount ?? 0,
                receivables.Where(r => r.Currency == currency).Select(r => (Expected(r, today), r.Open)),
                payables.Where(p => p.Currency == currency).Select(p => (Later(p.PayOn ?? p.DueDate ?? today, today), -p.Gross))))).ToList();
        return new DashboardResponse(company, companies, today, clock.GetUtcNow(), kpis, alerts, flow, recent);
    }

    private static DateOnly Expected(OpenInvoiceRow invoice, DateOnly today) => Later((invoice.DueDate ?? today).AddDays(invoice.Delay), today);

    // What should have come or gone already is expected tomorrow: the forecast does not rewrite today's actual cash.
    private static DateOnly Later(DateOnly day, DateOnly today) => day > today ? day : today.AddDays(1);

    private static List<BalancePoint> Forecast(DateOnly today, decimal start, IEnumerable<(DateOnly Day, decimal Amount)> receipts, IEnumerable<(DateOnly Day, decimal Amount)> payments)
    {
        var byDay = receipts.Concat(payments).GroupBy(x => x.Day).ToDictionary(g => g.Key, g => g.Sum(x => x.Amount));
        var points = new List<BalancePoint>(ForecastDays);
        var balance = start;
        for (var day = today.AddDays(1); day <= today.AddDays(ForecastDays); day = day.AddDays(1))
        {
            balance += byDay.GetValueOrDefault(day);
            points.Add(new BalancePoint(day, balance));
        }
        return points;
    }

    private static List<Money> Sum(IEnumerable<(string Currency, decimal Amount)> amounts) =>
        [.. amounts.GroupBy(a => a.Currency).Select(g => new Money(g.Key, g.Sum(a => a.Amount))).OrderBy(m => m.Currency)];

    private sealed record OpenInvoiceRow(string Currency, decimal Open, DateOnly? DueDate, int Delay);

    private sealed record BillRow(string Currency, decimal Gross, DateOnly? PayOn, DateOnly? DueDate);

    private sealed record CountsRow(int ThirdReminders, int BillsInReview, int SyncErrors, int Unmatched, int BillsRead, int BillsAutoValidated);
}
