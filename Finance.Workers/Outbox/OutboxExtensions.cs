namespace Finance.Workers.Outbox;

public static class OutboxExtensions
{
    public static IHostApplicationBuilder AddOutboxRelay(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OutboxRelayOptions>()
            .BindConfiguration(OutboxRelayOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddHostedService<OutboxRelayService>();
        return builder;
    }
}
