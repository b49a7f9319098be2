using Finance.Workflows.Activities;
using Finance.Workflows.Invoicing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class InvoicingModule
{
    /// <summary>
    /// The invoicing capability, whole: its domain services, company resources, migrations and demo data
    /// (<c>AddInvoicingServices()</c>), its activities, its built-in flows and the daily overdue-check schedule. One line per
    /// host, after <c>AddFinanceCore()</c> and <c>AddFinanceWorkflows()</c>; the API maps its routes with <c>MapInvoicing()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddInvoicing(this IHostApplicationBuilder builder)
    {
        builder.AddInvoicingServices();
        builder.Services.AddSingleton<IFlowActivity, IssueInvoiceActivity>();
        builder.Services.AddSingleton<IFlowActivity, SendInvoiceActivity>();
        builder.Services.AddSingleton<IFlowActivity, SendReminderActivity>();
        builder.Services.AddSingleton<IFlowActivity, RecordPaymentActivity>();
        builder.Services.AddSingleton<IFlowActivity, NotifyPaymentActivity>();
        builder.Services.AddSingleton<IFlowActivity, OverdueCheckActivity>();
        builder.Services.AddSingleton(InvoiceFlows.CreateAndSend());
        builder.Services.AddSingleton(InvoiceFlows.Dunning());
        builder.Services.AddSingleton(InvoiceFlows.MarkPaid());
        builder.Services.AddSingleton(InvoiceFlows.OverdueCheck());
        builder.Services.AddSingleton(InvoiceFlows.OverdueCheckSchedule());
        builder.Services.AddSingleton<Finance.Core.Demo.IDemoSeeder, Finance.Workflows.Invoicing.DunningDemoData>();
        return builder;
    }
}
