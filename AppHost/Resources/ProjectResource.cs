using Finance.AppHost.Orchestration;

namespace Finance.AppHost.Resources;

/// <summary>
/// A .NET project of this repository, launched from its build output (<c>dotnet &lt;dll&gt; [args]</c>) with Aspire's
/// environment: connection strings and service URLs of what it references, OTEL_*, ASPNETCORE_*.
/// </summary>
public sealed class ProjectResource(string name, string project, IReadOnlyList<string> arguments, PortAllocator ports)
    : Resource(name), IResourceWithEnvironment
{
    private readonly List<IResourceWithEnvironment> references = [];
    private readonly Dictionary<string, string> variables = [];
    private Lazy<int>? httpPort;

    public string Project { get; } = project;

    public override string? Url => httpPort is null ? null : $"http://127.0.0.1:{httpPort.Value}";

    public override bool RunsToCompletion => httpPort is null;

    /// <summary>Gives the project an HTTP endpoint, health-checked on <c>/health</c>; a fixed port when one is given.</summary>
    public ProjectResource WithHttpEndpoint(int? port = null)
    {
        httpPort = port is { } fixedPort ? new Lazy<int>(fixedPort) : new Lazy<int>(ports.Next);
        return this;
    }

    public ProjectResource WithReference(IResourceWithEnvironment resource)
    {
        references.Add(resource);
        return this;
    }

    /// <summary>Sets one environment variable of the project's process (configuration keys use <c>__</c>).</summary>
    public ProjectResource WithEnvironment(string name, string value)
    {
        variables[name] = value;
        return this;
    }

    public IEnumerable<KeyValuePair<string, string>> GetReferenceEnvironment() =>
        Url is null ? [] : [new($"services__{Name}__http__0", Url)];

    internal override Task StartAsync(HostContext context, CancellationToken cancellationToken)
    {
        var assembly = context.ProjectAssembly(Project);
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"{assembly} is missing: build first (dotnet build Finance.Aspire.sln).", assembly);
        }

        var environment = new Dictionary<string, string>
        {
            ["OTEL_SERVICE_NAME"] = Name,
            ["ASPNETCORE_ENVIRONMENT"] = context.EnvironmentName,
            ["DOTNET_ENVIRONMENT"] = context.EnvironmentName,
        };
        if (Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 } otlp)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
        }

        if (Url is not null)
        {
            environment["ASPNETCORE_URLS"] = Url;
        }

        foreach (var (key, value) in references.SelectMany(r => r.GetReferenceEnvironment()).Concat(variables))
        {
            environment[key] = value;
        }

        // The project directory is the content root, as with `dotnet run`: appsettings*.json are found there.
        Process = ManagedProcess.Start(
            new ProcessSpec("dotnet", [assembly, .. arguments]) { WorkingDirectory = Path.Combine(context.RepoRoot, Project), Environment = environment },
            Logs);
        return Task.CompletedTask;
    }

    internal override Task<bool> IsHealthyAsync(CancellationToken cancellationToken) =>
        Url is null ? Task.FromResult(true) : Probes.HttpOkAsync(Url + "/health", cancellationToken);
}
