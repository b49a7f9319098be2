using Finance.Core.Banking;
using Finance.Core.Banking.Import;
using Finance.Core.Integrations.InvoiceNinja;
using Finance.Core.Integrations.Revolut;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

public static class BankingServices
{
    /// <summary>
    /// The banking domain: the companies' accounts as sources, statements (camt, CSV) imported whole or not at all,
    /// transactions stored once each, CSV profiles, the Revolut and Invoice Ninja syncs, and its migrations (0500–0599). Hosts call <c>AddBanking()</c>
    /// (Finance.Workflows), which adds the sync, the reconciliation and their flows to this.
    /// </summary>
    public static IHostApplicationBuilder AddBankingServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddFinanceMigrations("banking", typeof(BankingServices).Assembly, "Finance.Core.Banking.Migrations.", 500, 599);
        builder.Services.TryAddSingleton<BankAccountStore>();
        builder.Services.TryAddSingleton<CashPosition>();
        builder.Services.TryAddSingleton<BankTransactionStore>();
        builder.Services.TryAddSingleton<CsvProfileStore>();
        builder.Services.TryAddSingleton<StatementImporter>();
        builder.Services.TryAddSingleton<Finance.Core.Reconciliation.ReconciliationBooking>();
        builder.Services.TryAddSingleton<Finance.Core.Reconciliation.ReconciliationRunner>();
        builder.Services.TryAddSingleton<Finance.Core.Reconciliation.RuleStore>();
        builder.Services.AddRevolut();
        builder.Services.TryAddSingleton<Finance.Core.Banking.Sync.RevolutSync>();
        builder.Services.AddInvoiceNinja();
        builder.Services.TryAddSingleton<Finance.Core.Banking.Sync.NinjaSync>();
        builder.Services.TryAddSingleton<Finance.Core.Banking.Sync.SyncConflicts>();
        return builder;
    }
}
