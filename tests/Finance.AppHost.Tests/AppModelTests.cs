using Finance.AppHost.Resources;

namespace Finance.AppHost.Tests;

/// <summary>
/// The AppHost's model, built (not run) both ways: executables (what runs on our machines) and Aspire's containers
/// (<c>Finance:Containers=true</c>, for a machine with a container runtime). The projects must see the same names.
/// </summary>
public sealed class AppModelTests : IDisposable
{
    private static readonly string[] ExpectedResources = ["postgres", "finance", "redis", "maildev", "migrations", "standins", "api", "workers"];
    private static readonly string[] ExpectedVariables = ["ConnectionStrings__finance", "ConnectionStrings__redis", "Smtp__Host", "Smtp__Port"];

    private readonly string dataDirectory = Directory.CreateTempSubdirectory("finance-appmodel-").FullName;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AppModel_SameResourcesAndConnectionNames_WithExecutablesOrContainers(bool containers)
    {
        using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"--Finance:Containers={containers}", $"--FINANCE_DATA_DIR={dataDirectory}"]);
        // Aspire adds a hidden "<project>-rebuilder" per project (the dashboard's rebuild command) and, when on, its dashboard.
        var resources = builder.Resources.Where(r => r.Name is not "aspire-dashboard" && !r.Name.EndsWith("-rebuilder", StringComparison.Ordinal)).ToDictionary(r => r.Name);

        Assert.Equal(ExpectedResources.Order(), resources.Keys.Order());
        if (containers)
        {
            Assert.IsType<PostgresServerResource>(resources["postgres"]);
            Assert.IsType<PostgresDatabaseResource>(resources["finance"]);
            Assert.IsType<RedisResource>(resources["redis"]);
            Assert.IsType<ContainerResource>(resources["maildev"]);
        }
        else
        {
            Assert.IsType<PostgresExecutableResource>(resources["postgres"]);
            Assert.IsType<PostgresExecutableDatabaseResource>(resources["finance"]);
            Assert.IsType<RedisExecutableResource>(resources["redis"]);
            Assert.IsType<MailDevResource>(resources["maildev"]);
        }

#pragma warning disable CS0618 // its successor, ExecutionConfigurationBuilder, needs a running app's services; publish mode needs none
        foreach (var project in new[] { "api", "workers" })
        {
            var variables = await ((ProjectResource)resources[project]).GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish);
            Assert.All(ExpectedVariables, name => Assert.True(variables.ContainsKey(name), $"{project} lacks {name}"));
            AssertWaitsFor(resources[project], "migrations", WaitType.WaitForCompletion);
            // The demo companies' Revolut and Invoice Ninja connections point at the stand-ins, which they wait for.
            Assert.True(variables.ContainsKey("Revolut__Companies__HYPERVISUAL__BaseUrl"), $"{project} lacks the Revolut stand-in");
            Assert.True(variables.ContainsKey("InvoiceNinja__Companies__HYPERVISUAL__BaseUrl"), $"{project} lacks the Invoice Ninja stand-in");
            AssertWaitsFor(resources[project], "standins", WaitType.WaitUntilHealthy);
        }
        // The stand-in serves what the demo seeding wrote; the seeding learns where to write it.
        AssertWaitsFor(resources["standins"], "migrations", WaitType.WaitForCompletion);
        Assert.True((await ((ProjectResource)resources["migrations"]).GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish))
            .ContainsKey("Demo__Banking__RevolutStandInSeed"));
        Assert.True((await ((ProjectResource)resources["api"]).GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish))
            .ContainsKey("Auth__SigningKey"));
#pragma warning restore CS0618
        AssertWaitsFor(resources["migrations"], "finance", WaitType.WaitUntilHealthy);
        AssertWaitsFor(resources["workers"], "api", WaitType.WaitUntilHealthy);
    }

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);

    private static void AssertWaitsFor(IResource resource, string dependency, WaitType type) =>
        Assert.Contains(resource.Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == dependency && w.WaitType == type);
}
