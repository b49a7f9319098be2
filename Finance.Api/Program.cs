using Finance.Api.Auth;
using Finance.Api.Banking;
using Finance.Api.Companies;
using Finance.Api.Dashboard;
using Finance.Api.Events;
using Finance.Api.Flows;
using Finance.Api.Infrastructure;
using Finance.Api.Invoicing;
using Finance.Api.Notifications;
using Finance.Api.Payables;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddFinanceDatabase("finance", maxPoolSize: 50); // with the workers (30) and migrations (5), below max_connections 100
builder.AddFinanceRedis("redis");
builder.AddFinanceCore();
builder.AddFinanceWorkflows();
builder.AddInvoicing();
builder.AddNotifications();
builder.AddPayables();
builder.AddBanking();
builder.AddDashboard();
builder.AddFlowHooks();
builder.AddFinanceAuth();
builder.AddFinanceProblemDetails();
builder.AddFinanceInputGuard();
builder.AddFinanceSecurityHeaders();
builder.AddFinanceOpenApi();

var app = builder.Build();

app.UseFinanceSecurityHeaders();
app.UseFinanceProblemDetails();
app.UseAuthentication();
app.UseAuthorization();
app.UseFinanceInputGuard();

app.MapDefaultEndpoints();
app.MapFinanceOpenApi();
app.MapCompanyEndpoints();
app.MapEventEndpoints();
app.MapInvoicing();
app.MapNotifications();
app.MapPayables();
app.MapBanking();
app.MapDashboard();
app.MapFlowDefinitionEndpoints();
app.MapFlowActivityEndpoints();
app.MapFlowHookEndpoints();
app.MapFlowInstanceEndpoints();
app.MapFlowScheduleEndpoints();
app.MapQueueEndpoints();

app.Run();

/// <summary>The API host; public so tests can start it through WebApplicationFactory.</summary>
public partial class Program;
