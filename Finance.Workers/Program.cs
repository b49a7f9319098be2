using Finance.Workers;
using Finance.Workers.Flows;
using Finance.Workers.Outbox;

if (args is ["migrate", ..])
{
    return await MigrateCommand.RunAsync(args[1..]);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddBasicServiceDefaults();
builder.AddFinanceDatabase("finance", maxPoolSize: 30); // queue slots (DESIGN.md §3: 21) + lease, recorder, timers, relay, listener
builder.AddFinanceRedis("redis");
builder.AddFinanceCore();
builder.AddFinanceWorkflows();
builder.AddInvoicing();
builder.AddNotifications();
builder.AddPayables();
builder.AddBanking();
builder.AddOutboxRelay();
builder.AddFlowWorkers();

var app = builder.Build();

app.MapDefaultEndpoints();

await app.RunAsync();
return 0;
