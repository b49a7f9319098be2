using Finance.Workflows.Activities;
using Finance.Workflows.Activities.Invoicing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Finance.Workflows.BuiltIn;

public static class BuiltInFlowsExtensions
{
    /// <summary>The invoicing activities, flows and the daily overdue-check schedule.</summary>
    public static IHostApplicationBuilder AddInvoicingFlows(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IFlowActivity, IssueInvoiceActivity>();
        builder.Services.AddSingleton<IFlowActivity, SendInvoiceActivity>();
        builder.Services.AddSingleton<IFlowActivity, SendReminderActivity>();
        builder.Services.AddSingleton<IFlowActivity, RecordPaymentActivity>();
        builder.Services.AddSingleton<IFlowActivity, NotifyPaymentActivity>();
        builder.Services.AddSingleton<IFlowActivity, OverdueCheckActivity>();
        builder.Services.AddSingleton<IFlowActivity, FlowSignalActivity>();
        builder.Services.AddSingleton(InvoiceFlows.CreateAndSend());
        builder.Services.AddSingleton(InvoiceFlows.Dunning());
        builder.Services.AddSingleton(InvoiceFlows.MarkPaid());
        builder.Services.AddSingleton(InvoiceFlows.OverdueCheck());
        builder.Services.AddSingleton(InvoiceFlows.OverdueCheckSchedule());
        builder.Services.AddHostedService<BuiltInFlowsService>();
        return builder;
    }
}
