using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Finance.Tests.Workflows.Activities;

/// <summary>
/// A real Kestrel server on 127.0.0.1 for <c>http.request</c>: <c>/orders</c> answers JSON, <c>/slow</c> stalls the first
/// call per <c>?key=</c> for two seconds, <c>/big</c> sends 512 KiB, <c>/fail</c> answers 503. Every request is kept.
/// </summary>
public sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _slowCalls = new();

    private LocalHttpServer(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Path, string? Authorization, string Body)> Requests { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<LocalHttpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var server = new LocalHttpServer(builder.Build());
        server.Map();
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    private void Map()
    {
        _app.Use(async (http, next) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            Requests.Enqueue((http.Request.Path, http.Request.Headers.Authorization.FirstOrDefault(), await reader.ReadToEndAsync()));
            await next(http);
        });
        _app.MapPost("/orders", () => Results.Json(new { accepted = true, id = 42 }, statusCode: 201));
        _app.MapGet("/slow", async (string key, CancellationToken cancellationToken) =>
        {
            if (_slowCalls.AddOrUpdate(key, 1, (_, n) => n + 1) == 1) await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            return Results.Text("finally", "text/plain");
        });
        _app.MapGet("/big", () => Results.Text(new string('x', 512 * 1024), "text/plain"));
        _app.MapGet("/fail", () => Results.StatusCode(503));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
