// Placeholder for the AppHost's one-shot migration step until the real migrator lands (replaced on merge).
if (args is ["migrate", ..])
{
    Console.WriteLine("migrate: no migrations yet");
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddBasicServiceDefaults();
var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
