using Finance.Core.Banking;

namespace Finance.Api.Dashboard;

/// <summary>An amount in one currency: the group's figures keep CHF and EUR apart rather than convert at a rate of the day.</summary>
public sealed record Money(string Currency, decimal Amount);

/// <summary>Days sales outstanding in one currency: open receivables over the last 90 days' invoiced sales, times 90.</summary>
public sealed record Dso(string Currency, decimal Days);

public sealed record OverdueFigure(int Count, IReadOnlyList<Money> Amounts);

/// <summary>The KPI cards.</summary>
public sealed record DashboardKpis(
    IReadOnlyList<Money> OpenReceivables,
    OverdueFigure Overdue,
    IReadOnlyList<Dso> Dso,
    IReadOnlyList<Money> PayablesDueIn30Days,
    IReadOnlyList<Money> Cash,
    decimal? AutoValidatedShare);

/// <summary>An alert of the panel: <see cref="Kind"/> is stable (clients switch on it), <see cref="Severity"/> is info, warning or critical.</summary>
public sealed record DashboardAlert(string Kind, string Severity, int Count, string Detail);

/// <summary>One currency's cash: the actual balance of the last days, then the forecast (receivables expected, payables scheduled).</summary>
public sealed record CashFlowSeries(string Currency, IReadOnlyList<BalancePoint> Actual, IReadOnlyList<BalancePoint> Forecast);

public sealed record DashboardResponse(
    string? Company,
    IReadOnlyList<string> Companies,
    DateOnly Today,
    DateTimeOffset ComputedAt,
    DashboardKpis Kpis,
    IReadOnlyList<DashboardAlert> Alerts,
    IReadOnlyList<CashFlowSeries> CashFlow,
    IReadOnlyList<BankTransaction> RecentTransactions);
