using Finance.Core.Companies;
using Finance.Core.Demo;
using Finance.Core.Invoicing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class InvoicingServices
{
    /// <summary>
    /// The invoicing domain: customers, invoices and their lifecycle, PDFs, mail, reminders, the records flow inputs name,
    /// its migrations (0300–0399) and its demo data. Hosts call <c>AddInvoicing()</c> (Finance.Workflows), which adds the
    /// activities and flows to this.
    /// </summary>
    public static IHostApplicationBuilder AddInvoicingServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddFinanceMigrations("invoicing", typeof(InvoicingServices).Assembly, "Finance.Core.Invoicing.Migrations.", 300, 399);
        builder.Services.AddSingleton<CustomerStore>();
        builder.Services.AddSingleton<InvoiceStore>();
        builder.Services.AddSingleton<InvoiceDrafts>();
        builder.Services.AddSingleton<InvoiceLifecycle>();
        builder.Services.AddSingleton<InvoiceSettlement>();
        builder.Services.AddSingleton<InvoicePdf>();
        builder.Services.AddSingleton<InvoiceMailer>();
        builder.Services.AddSingleton<InvoiceReminders>();
        builder.Services.AddSingleton<InvoiceOverdueCheck>();
        builder.Services.AddSingleton<ICompanyResource, InvoiceResource>();
        builder.Services.AddSingleton<ICompanyResource, CustomerResource>();
        builder.Services.AddSingleton<ICompanyResource, PaymentResource>();
        builder.Services.AddSingleton<IDemoSeeder, InvoicingDemoData>();
        return builder;
    }
}
