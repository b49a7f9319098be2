using Finance.Core.Reconciliation;
using Finance.Workflows.Activities;
using Finance.Workflows.Banking;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class BankingModule
{
    /// <summary>
    /// The banking capability, whole: its domain (<c>AddBankingServices()</c>: statements, transactions, Revolut, Invoice
    /// Ninja, the reconciliation), the payment follow-up that starts <c>invoice.mark-paid</c>, its activities, the <c>sync</c> and
    /// <c>reconciliation</c> flows with their schedules, and demo data. The API maps its routes with <c>MapBanking()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddBanking(this IHostApplicationBuilder builder)
    {
        builder.AddBankingServices();
        builder.Services.AddSingleton<IPaymentFollowUp, MarkPaidFollowUp>();
        builder.Services.AddSingleton<IFlowActivity, ReconcileActivity>();
        builder.Services.AddSingleton<IFlowActivity, SyncActivity>();
        builder.Services.AddSingleton(BankingFlows.Sync());
        builder.Services.AddSingleton(BankingFlows.Reconciliation());
        builder.Services.AddSingleton(BankingFlows.RevolutSchedule());
        builder.Services.AddSingleton(BankingFlows.InvoiceNinjaSchedule());
        builder.Services.AddSingleton(BankingFlows.ReconciliationSchedule());
        builder.Services.Configure<BankingDemoOptions>(builder.Configuration.GetSection(BankingDemoOptions.SectionName));
        builder.Services.AddSingleton<Finance.Core.Demo.IDemoSeeder, BankingDemoData>();
        return builder;
    }
}
