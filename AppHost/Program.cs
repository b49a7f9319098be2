using Finance.AppHost.Orchestration;
using Finance.AppHost.Resources;

// Aspire.Hosting is not served by our package mirror: this is our own launcher with its contract (DESIGN.md §1).
var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres").WithDataDirectory("postgres");
var finance = postgres.AddDatabase("finance");
var redis = builder.AddRedis("redis");
var mail = builder.AddMailDev("maildev");

// The one-shot migration step runs to completion before the hosts start (STYLE.md 7); it seeds demo data once.
var migrations = builder.AddProject("migrations", "Finance.Workers", "migrate", "--seed-demo")
    .WithReference(finance).WithReference(redis)
    .WaitFor(finance);

var api = builder.AddProject("api", "Finance.Api")
    .WithHttpEndpoint(port: builder.Configuration.GetValue<int?>("FINANCE_API_PORT"))
    .WithEnvironment("Auth__SigningKey", DevSecrets.SigningKey(builder.Context.DataDirectory))
    .WithEnvironment("Auth__DevTokenFile", Path.Combine(builder.Context.DataDirectory, "dev-token"))
    .WithReference(finance).WithReference(redis).WithReference(mail)
    .WaitFor(redis).WaitFor(mail).WaitForCompletion(migrations);

builder.AddProject("workers", "Finance.Workers")
    .WithHttpEndpoint()
    .WithReference(finance).WithReference(redis).WithReference(mail).WithReference(api)
    .WaitFor(redis).WaitFor(mail).WaitForCompletion(migrations).WaitFor(api);

builder.Build().Run();
