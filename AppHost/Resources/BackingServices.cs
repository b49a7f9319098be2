namespace Finance.AppHost.Resources;

/// <summary>
/// PostgreSQL (database <c>finance</c>), Redis and maildev, the same three resources either way: executables from
/// Debian's packages and npm (the default; no container runtime on our machines) or Aspire's own container resources
/// (<c>Finance:Containers=true</c>, for a machine with Docker or Podman). The projects see the same connection names.
/// </summary>
public sealed record BackingServices(
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResourceWithEndpoints> Mail)
{
    public const string ContainersSwitch = "Finance:Containers";

    public static BackingServices Add(IDistributedApplicationBuilder builder, string dataDirectory) =>
        builder.Configuration.GetValue<bool>(ContainersSwitch) ? AddContainers(builder) : AddExecutables(builder, dataDirectory);

    private static BackingServices AddExecutables(IDistributedApplicationBuilder builder, string dataDirectory)
    {
        var postgres = builder.AddPostgresExecutable("postgres", Path.Combine(dataDirectory, "postgres"));
        return new(postgres.AddDatabase("finance"), builder.AddRedisExecutable("redis"), builder.AddMailDevExecutable("maildev"));
    }

    private static BackingServices AddContainers(IDistributedApplicationBuilder builder)
    {
        var postgres = builder.AddPostgres("postgres").WithDataVolume("finance-postgres");
        var mail = builder.AddContainer("maildev", "maildev/maildev", "2.2.1")
            .WithHttpEndpoint(targetPort: 1080, name: MailDevResource.HttpEndpointName)
            .WithEndpoint(targetPort: 1025, name: MailDevResource.SmtpEndpointName, scheme: "tcp")
            .WithHttpHealthCheck("/healthz", endpointName: MailDevResource.HttpEndpointName);
        return new(postgres.AddDatabase("finance"), builder.AddRedis("redis"), mail);
    }
}

public static class ProjectResourceExtensions
{
    /// <summary>Gives a project <c>Smtp:Host</c> and <c>Smtp:Port</c> of the mail resource's SMTP endpoint.</summary>
    public static IResourceBuilder<ProjectResource> WithSmtp(this IResourceBuilder<ProjectResource> project, IResourceBuilder<IResourceWithEndpoints> mail)
    {
        var smtp = mail.GetEndpoint(MailDevResource.SmtpEndpointName);
        return project
            .WithEnvironment("Smtp__Host", smtp.Property(EndpointProperty.Host))
            .WithEnvironment("Smtp__Port", smtp.Property(EndpointProperty.Port))
            .WaitFor(mail);
    }
}
