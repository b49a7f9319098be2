using Dapper;
using Npgsql;

namespace Finance.Core.Banking;

/// <summary>One day's closing balance.</summary>
public sealed record BalancePoint(DateOnly Date, decimal Balance);

/// <summary>
/// An account's balance day by day. <see cref="Anchored"/>: counted from a balance the bank stated (a statement's closing
/// balance, Revolut's balance after a leg); false when the bank never stated one, so the figures are the sum of the
/// transactions known here, correct in their movements but not in their level.
/// </summary>
public sealed record AccountPosition(int AccountId, string Company, string BankName, string Iban, string Currency, bool Anchored,
    DateOnly? AnchorDate, IReadOnlyList<BalancePoint> Points);

/// <summary>A company's cash in one currency: the sum of its accounts in that currency (no conversion: CHF and EUR stay apart).</summary>
public sealed record CompanyPosition(string Company, string Currency, bool Anchored, IReadOnlyList<BalancePoint> Points);

public sealed record CashPositionReport(DateOnly From, DateOnly To, IReadOnlyList<AccountPosition> Accounts, IReadOnlyList<CompanyPosition> Companies);

/// <summary>
/// The cash position per account and company over time, for the dashboard and its forecast. Every day's balance is
/// counted from the nearest balance the bank stated: from the latest one on or before the day, forwards with the
/// transactions booked after it; or, for a day before the first one, backwards from it. Movements come from
/// <c>bank_transactions</c> (each stored once, reversals included with their sign), so a statement imported late changes
/// the past days too.
/// </summary>
public sealed class CashPosition(NpgsqlDataSource dataSource)
{
    /// <summary>A year and a day: the dashboard's chart; longer series belong to an export.</summary>
    public const int MaxDays = 367;

    public async Task<CashPositionReport> GetAsync(IReadOnlyCollection<string>? companies, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        if (to < from) throw new ArgumentException("from must not be after to.", nameof(from));
        if (to.DayNumber - from.DayNumber + 1 > MaxDays) throw new ArgumentException($"At most {MaxDays} days.", nameof(to));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new { companies = companies?.ToArray() };
        var accounts = (await connection.QueryAsync<AccountRow>(new CommandDefinition("""
            SELECT a.id AS Id, c.code AS Company, a.bank_name AS BankName, a.iban AS Iban, a.currency::text AS Currency
            FROM company_bank_accounts a JOIN companies c ON c.id = a.company_id
            WHERE (@companies::text[] IS NULL OR c.code = ANY(@companies)) ORDER BY c.code, a.is_default DESC, a.id
            """, parameters, cancellationToken: cancellationToken))).ToList();
        var ids = accounts.Select(a => a.Id).ToArray();
        // The stated balances: statements' closing balances on their date (else the statement's last day), Revolut's day balances;
        // a statement wins a tie.
        var anchors = (await connection.QueryAsync<AnchorRow>(new CommandDefinition("""
            SELECT DISTINCT ON (account_id, as_of) account_id AS AccountId, as_of AS AsOf, balance AS Balance FROM (
                SELECT s.account_id, COALESCE(s.closing_date, (COALESCE(s.to_date, s.imported_at) AT TIME ZONE 'Europe/Zurich')::date) AS as_of, s.closing_balance AS balance, 0 AS rank
                FROM bank_statements s WHERE s.closing_balance IS NOT NULL AND s.account_id = ANY(@ids)
                UNION ALL
                SELECT b.account_id, b.as_of, b.balance, 1 FROM bank_balances b WHERE b.account_id = ANY(@ids)
            ) stated ORDER BY account_id, as_of, rank
            """, new { ids }, cancellationToken: cancellationToken))).ToLookup(a => a.AccountId);
        var movements = (await connection.QueryAsync<MovementRow>(new CommandDefinition("""
            SELECT account_id AS AccountId, booking_date AS Day, sum(amount) AS Net FROM bank_transactions
            WHERE account_id = ANY(@ids) GROUP BY account_id, booking_date ORDER BY account_id, booking_date
            """, new { ids }, cancellationToken: cancellationToken))).ToLookup(m => m.AccountId);

        var positions = accounts.Select(a => Position(a, anchors[a.Id].ToList(), movements[a.Id].ToList(), from, to)).ToList();
        var totals = positions.GroupBy(p => (p.Company, p.Currency)).Select(g => new CompanyPosition(g.Key.Company, g.Key.Currency, g.All(p => p.Anchored),
            [.. Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(i => new BalancePoint(from.AddDays(i), g.Sum(p => p.Points[i].Balance)))])).ToList();
        return new CashPositionReport(from, to, positions, totals);
    }

    private static AccountPosition Position(AccountRow account, List<AnchorRow> anchors, List<MovementRow> movements, DateOnly from, DateOnly to)
    {
        // Running totals of the movements: through(d) = the sum of every movement booked on or before d.
        var days = movements.Select(m => m.Day).ToArray();
        var running = new decimal[movements.Count];
        for (var i = 0; i < movements.Count; i++) running[i] = (i > 0 ? running[i - 1] : 0) + movements[i].Net;
        decimal Through(DateOnly day)
        {
            var index = Array.BinarySearch(days, day);
            if (index < 0) index = ~index - 1;
            return index >= 0 ? running[index] : 0;
        }

        var points = new List<BalancePoint>(to.DayNumber - from.DayNumber + 1);
        var next = 0;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            while (next < anchors.Count && anchors[next].AsOf <= day) next++;
            // The latest stated balance on or before the day, else the first one after it; none: the movements alone.
            var anchor = next > 0 ? anchors[next - 1] : anchors.Count > 0 ? anchors[0] : null;
            var balance = anchor is null ? Through(day) : anchor.Balance + Through(day) - Through(anchor.AsOf);
            points.Add(new BalancePoint(day, balance));
        }
        var latest = anchors.LastOrDefault(a => a.AsOf <= to) ?? anchors.FirstOrDefault();
        return new AccountPosition(account.Id, account.Company, account.BankName, account.Iban, account.Currency, anchors.Count > 0, latest?.AsOf, points);
    }

    private sealed record AccountRow(int Id, string Company, string BankName, string Iban, string Currency);

    private sealed record AnchorRow(int AccountId, DateOnly AsOf, decimal Balance);

    private sealed record MovementRow(int AccountId, DateOnly Day, decimal Net);
}
