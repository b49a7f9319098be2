using Finance.Core.Companies;
using Finance.Core.Events;
using Finance.Core.Idempotency;
using Finance.Core.Invoicing;
using Finance.Core.Notifications.Email;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

public static class FinanceCoreExtensions
{
    /// <summary>Registers the business services over the <c>finance</c> database and the <c>redis</c> server.</summary>
    public static IHostApplicationBuilder AddFinanceCore(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<FinanceRedisOptions>()
            .BindConfiguration(FinanceRedisOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<RedisKeys>();
        builder.Services.AddSingleton<OutboxWriter>();
        builder.Services.AddSingleton<OutboxRelay>();
        builder.Services.AddSingleton<EventStreamReader>();
        builder.Services.AddSingleton<CompanyStore>();
        builder.Services.AddOptions<SmtpOptions>()
            .BindConfiguration(SmtpOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<EmailSender>();
        builder.Services.AddSingleton<EmailTemplates>();
        builder.Services.AddSingleton<CustomerStore>();
        builder.Services.AddSingleton<InvoiceStore>();
        builder.Services.AddSingleton<InvoiceDrafts>();
        builder.Services.AddSingleton<InvoiceLifecycle>();
        builder.Services.AddSingleton<InvoiceSettlement>();
        builder.Services.AddSingleton<InvoicePdf>();
        builder.Services.AddSingleton<InvoiceMailer>();
        builder.Services.AddSingleton<InvoiceReminders>();
        builder.Services.AddSingleton<InvoiceOverdueCheck>();
        builder.Services.AddOptions<IdempotencyOptions>()
            .BindConfiguration(IdempotencyOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IdempotencyKeys>();
        builder.Services.AddSingleton<CompanyResources>();
        builder.Services.AddSingleton<ICompanyResource, InvoiceResource>();
        builder.Services.AddSingleton<ICompanyResource, CustomerResource>();
        builder.Services.AddSingleton<ICompanyResource, PaymentResource>();
        return builder;
    }
}
