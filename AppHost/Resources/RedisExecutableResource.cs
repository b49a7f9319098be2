namespace Finance.AppHost.Resources;

/// <summary>
/// Debian's redis-server run by DCP, without persistence: Redis holds caches, locks and the relayed event stream,
/// all rebuilt from PostgreSQL (DESIGN.md §4).
/// </summary>
public sealed class RedisExecutableResource(string name) : ExecutableResource(name, "redis-server", "/"), IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";

    private EndpointReference? primaryEndpoint;

    public EndpointReference PrimaryEndpoint => primaryEndpoint ??= new(this, PrimaryEndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}

public static class RedisExecutableBuilderExtensions
{
    public static IResourceBuilder<RedisExecutableResource> AddRedisExecutable(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        var redis = new RedisExecutableResource(name);

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(redis, async (_, ct) =>
            connectionString = await redis.ConnectionStringExpression.GetValueAsync(ct));

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(
            _ => connectionString ?? throw new InvalidOperationException("The connection string is not known yet."), name: healthCheckKey);

        return builder.AddResource(redis)
            .WithEndpoint(name: RedisExecutableResource.PrimaryEndpointName, scheme: "tcp")
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(redis.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--save");
                context.Args.Add("");
                context.Args.Add("--appendonly");
                context.Args.Add("no");
            })
            .WithIconName("Memory")
            .WithHealthCheck(healthCheckKey);
    }
}
