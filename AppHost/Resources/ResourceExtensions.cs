using Finance.AppHost.Orchestration;

namespace Finance.AppHost.Resources;

/// <summary>The builder vocabulary of Aspire's AppHost: Add*, WaitFor, WaitForCompletion.</summary>
public static class ResourceExtensions
{
    public static PostgresServerResource AddPostgres(this DistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new PostgresServerResource(name, builder.Ports));

    /// <summary>Keeps the cluster in <c>&lt;data directory&gt;/<paramref name="subdirectory"/></c> between runs.</summary>
    public static PostgresServerResource WithDataDirectory(this PostgresServerResource server, string subdirectory)
    {
        server.DataSubdirectory = subdirectory;
        return server;
    }

    public static PostgresDatabaseResource AddDatabase(this PostgresServerResource server, string name) =>
        server.Builder!.AddResource(new PostgresDatabaseResource(name, server));

    public static RedisResource AddRedis(this DistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new RedisResource(name, builder.Ports));

    public static MailDevResource AddMailDev(this DistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new MailDevResource(name, builder.Ports));

    public static ProjectResource AddProject(this DistributedApplicationBuilder builder, string name, string project, params string[] arguments) =>
        builder.AddResource(new ProjectResource(name, project, arguments, builder.Ports));

    /// <summary>Starts <paramref name="resource"/> only once <paramref name="dependency"/> is healthy.</summary>
    public static T WaitFor<T>(this T resource, Resource dependency) where T : Resource
    {
        resource.Waits.Add((dependency, WaitBehavior.Healthy));
        return resource;
    }

    /// <summary>Starts <paramref name="resource"/> only once the one-shot <paramref name="dependency"/> exited with code 0.</summary>
    public static T WaitForCompletion<T>(this T resource, Resource dependency) where T : Resource
    {
        resource.Waits.Add((dependency, WaitBehavior.Completed));
        return resource;
    }
}
