using Finance.Core.Companies;
using Finance.Core.Events;
using Finance.Core.Idempotency;
using Finance.Core.Notifications.Email;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.Hosting;

public static class FinanceCoreExtensions
{
    /// <summary>
    /// Registers the platform over the <c>finance</c> database and the <c>redis</c> server: clock, outbox and event stream,
    /// companies, e-mail, idempotency keys, and the platform's migrations. Capabilities register themselves
    /// (e.g. <c>AddInvoicing()</c>).
    /// </summary>
    public static IHostApplicationBuilder AddFinanceCore(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddFinanceMigrations("platform", typeof(FinanceCoreExtensions).Assembly, "Finance.Core.Data.Migrations.", 100, 199);
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
        builder.Services.AddOptions<IdempotencyOptions>()
            .BindConfiguration(IdempotencyOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IdempotencyKeys>();
        builder.Services.AddSingleton<CompanyResources>();
        return builder;
    }
}
