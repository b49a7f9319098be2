using Finance.AppHost.Resources;

namespace Finance.AppHost.Orchestration;

/// <summary>Collects the resources in declaration order, which is also their start order (a resource can only reference earlier ones).</summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> resources = [];

    internal DistributedApplicationBuilder(string[] args)
    {
        InterruptSignal.RestoreDefault();
        Web = WebApplication.CreateBuilder(args);
        var environmentName = Configuration["DOTNET_ENVIRONMENT"] ?? Configuration["ASPNETCORE_ENVIRONMENT"] ?? "Development";
        Context = new HostContext(Configuration["FINANCE_DATA_DIR"], environmentName);
    }

    /// <summary>Environment variables and command-line arguments (<c>FINANCE_API_PORT</c>, <c>FINANCE_APPHOST_PORT</c>, ...).</summary>
    public IConfiguration Configuration => Web.Configuration;

    public HostContext Context { get; }

    internal PortAllocator Ports { get; } = new();

    internal WebApplicationBuilder Web { get; }

    public T AddResource<T>(T resource) where T : Resource
    {
        if (resources.Any(r => r.Name == resource.Name))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists.");
        }

        resource.Builder = this;
        resources.Add(resource);
        return resource;
    }

    public DistributedApplication Build() => new(this, resources);
}
