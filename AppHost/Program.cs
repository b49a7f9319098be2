using Finance.AppHost;
using Finance.AppHost.Resources;

var builder = DistributedApplication.CreateBuilder(args);
DevDefaults.Apply(builder);

var data = builder.Configuration["FINANCE_DATA_DIR"] ?? Path.Combine(builder.AppHostDirectory, "..", ".data");
data = Path.GetFullPath(data);
var environment = builder.Configuration["DOTNET_ENVIRONMENT"] ?? "Development";

// PostgreSQL (database "finance"), Redis and maildev: executables here, Aspire's containers with Finance:Containers=true.
var (finance, redis, mail) = BackingServices.Add(builder, data);

// The one-shot migration step runs to completion before the hosts start (STYLE.md 7); it seeds demo data once.
var migrations = builder.AddProject<Projects.Finance_Workers>("migrations")
    .WithArgs("migrate", "--seed-demo")
    .WithEnvironment("DOTNET_ENVIRONMENT", environment)
    .WithReference(finance).WithReference(redis)
    .WaitFor(finance);

// Revolut Business and Invoice Ninja stand-ins, in Development only: the demo companies' connections point at them.
var standIns = environment == "Development" ? StandIns.Add(builder, data) : null;
standIns?.SeededBy(migrations);

var api = builder.AddProject<Projects.Finance_Api>("api")
    .WithHttpEndpoint(port: builder.Configuration.GetValue<int?>("FINANCE_API_PORT"), name: "http")
    .WithHttpHealthCheck("/health")
    .WithUrlForEndpoint("http", url => url.DisplayText = "API")
    .WithUrl("/scalar", "API reference (Scalar)")
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", environment)
    .WithEnvironment("Auth__SigningKey", DevSecrets.SigningKey(data))
    .WithEnvironment("Auth__DevTokenFile", Path.Combine(data, "dev-token"))
    .WithReference(finance).WithReference(redis).WithSmtp(mail)
    .WaitFor(redis).WaitForCompletion(migrations);
standIns?.ConnectedTo(api);

var workers = builder.AddProject<Projects.Finance_Workers>("workers")
    .WithHttpEndpoint(name: "http")
    .WithHttpHealthCheck("/health")
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", environment)
    .WithReference(finance).WithReference(redis).WithSmtp(mail).WithReference(api)
    .WaitFor(redis).WaitForCompletion(migrations).WaitFor(api);
standIns?.ConnectedTo(workers);

RunSummary.WriteWhenReady(builder, data, workers, api, mail);

try
{
    await builder.Build().RunAsync();
}
finally
{
    RunSummary.Clear(data);
}
