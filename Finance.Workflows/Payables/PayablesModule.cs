using Finance.Workflows.Activities;
using Finance.Workflows.Payables;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class PayablesModule
{
    /// <summary>
    /// The supplier-bills capability, whole: its domain (<c>AddPayablesServices()</c>), its activities and its built-in flows
    /// (<c>payable.process</c>, <c>payable.approval</c>). One line per host, after <c>AddFinanceCore()</c> and
    /// <c>AddFinanceWorkflows()</c>; the API maps its routes with <c>MapPayables()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddPayables(this IHostApplicationBuilder builder)
    {
        builder.AddPayablesServices();
        builder.AddNotifications();
        builder.Services.AddSingleton<IFlowActivity, ReadBillActivity>();
        builder.Services.AddSingleton<IFlowActivity, ValidateBillActivity>();
        builder.Services.AddSingleton<IFlowActivity, CheckBillDecisionActivity>();
        builder.Services.AddSingleton<IFlowActivity, NotifyBillReviewersActivity>();
        builder.Services.AddSingleton(PayableFlows.Process());
        builder.Services.AddSingleton<Finance.Core.Demo.IDemoSeeder, PayablesDemoData>();
        builder.Services.AddSingleton(PayableFlows.Approval());
        return builder;
    }
}
