namespace Finance.AppHost.Resources;

/// <summary>maildev (npm, pinned in AppHost/package-lock.json): an SMTP server and a web inbox for development mail.</summary>
public sealed class MailDevResource(string name, string workingDirectory) : ExecutableResource(name, "node", workingDirectory), IResourceWithConnectionString
{
    internal const string SmtpEndpointName = "smtp";
    internal const string HttpEndpointName = "http";

    private EndpointReference? smtpEndpoint;

    public EndpointReference SmtpEndpoint => smtpEndpoint ??= new(this, SmtpEndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"smtp://{SmtpEndpoint.Property(EndpointProperty.Host)}:{SmtpEndpoint.Property(EndpointProperty.Port)}");
}

public static class MailDevBuilderExtensions
{
    /// <summary>Adds maildev from <c>AppHost/node_modules</c> (installed by <c>scripts/setup.sh</c>, i.e. <c>npm ci</c>).</summary>
    public static IResourceBuilder<MailDevResource> AddMailDevExecutable(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        var script = Path.Combine(builder.AppHostDirectory, "node_modules", "maildev", "dist", "bin", "maildev.js");
        var mail = new MailDevResource(name, builder.AppHostDirectory);
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(mail, (_, _) => File.Exists(script)
            ? Task.CompletedTask
            : throw new InvalidOperationException($"maildev is not installed ({script} is missing): run ./scripts/setup.sh (npm ci in AppHost/)."));

        var resource = builder.AddResource(mail)
            .WithEndpoint(name: MailDevResource.SmtpEndpointName, scheme: "tcp")
            .WithHttpEndpoint(name: MailDevResource.HttpEndpointName);
        var http = resource.GetEndpoint(MailDevResource.HttpEndpointName);
        return resource
            .WithArgs(context =>
            {
                context.Args.Add(script);
                context.Args.Add("--ip");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--smtp");
                context.Args.Add(mail.SmtpEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--web-ip");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--web");
                context.Args.Add(http.Property(EndpointProperty.TargetPort));
            })
            .WithIconName("Mail")
            // maildev 3 answers /api/healthz; its inbox page is served only to requests that accept text/html.
            .WithHttpHealthCheck("/api/healthz", endpointName: MailDevResource.HttpEndpointName);
    }
}
