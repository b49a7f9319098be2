using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Finance.AppHost;

/// <summary>
/// Once the last project is healthy: prints the URLs a developer opens and writes them to <c>&lt;data&gt;/urls.json</c>
/// (<c>api</c>, <c>scalar</c>, <c>dashboard</c>, <c>dashboardLogin</c>, <c>maildev</c>, <c>workers</c>), and the
/// dashboard's telemetry API key to <c>&lt;data&gt;/dashboard-api-key</c> for scripts. Both go when the AppHost stops.
/// </summary>
internal static partial class RunSummary
{
    public static void WriteWhenReady(IDistributedApplicationBuilder builder, string dataDirectory,
        IResourceBuilder<IResourceWithEndpoints> last, IResourceBuilder<IResourceWithEndpoints> api, IResourceBuilder<IResourceWithEndpoints> mail)
    {
        builder.Eventing.Subscribe<ResourceReadyEvent>(last.Resource, async (@event, ct) =>
        {
            // What the dashboard resource publishes (its browser endpoint, with the login token), the configured address
            // until it has: the two differ only when ports are randomized, as in tests.
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            var configured = (builder.Configuration["ASPNETCORE_URLS"] ?? "").Split(';')[0].TrimEnd('/');
            var token = builder.Configuration["AppHost:BrowserToken"];
            var login = notifications.TryGetCurrentState("aspire-dashboard", out var state) && state.Snapshot.Urls.FirstOrDefault(u => u.Name == "http") is { } published
                ? published.Url
                : string.IsNullOrEmpty(token) ? configured : $"{configured}/login?t={token}";
            var dashboard = new Uri(login).GetLeftPart(UriPartial.Authority);
            var apiUrl = api.GetEndpoint("http").Url;
            var urls = new Dictionary<string, string>
            {
                ["dashboard"] = dashboard,
                ["dashboardLogin"] = login,
                ["api"] = apiUrl,
                ["scalar"] = apiUrl + "/scalar",
                ["maildev"] = mail.GetEndpoint("http").Url,
                ["workers"] = last.GetEndpoint("http").Url,
            };
            Directory.CreateDirectory(dataDirectory);
            await WriteOwnerOnlyAsync(Path.Combine(dataDirectory, "urls.json"), JsonSerializer.Serialize(urls, Indented), ct);
            if (builder.Configuration["AppHost:DashboardApiKey"] is { Length: > 0 } apiKey)
            {
                await WriteOwnerOnlyAsync(Path.Combine(dataDirectory, "dashboard-api-key"), apiKey, ct);
            }

            var tokenFile = Path.Combine(dataDirectory, "dev-token");
            var logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Finance.AppHost");
            // Printed once per run, for a person to read; a constant template keeps braces in URLs or the token literal.
            var summary =
                $"""

                Finance is running.
                  Aspire dashboard  {urls["dashboardLogin"]}
                  API               {apiUrl}
                  API reference     {urls["scalar"]}  (Authorize with the token below)
                  maildev inbox     {urls["maildev"]}
                  URLs              {Path.Combine(dataDirectory, "urls.json")}
                  Admin token       {tokenFile}
                {(File.Exists(tokenFile) ? await File.ReadAllTextAsync(tokenFile, ct) : "(not written: the API runs outside Development)")}
                """;
            LogSummary(logger, summary);
        });
    }

    /// <summary>Removes what <see cref="WriteWhenReady"/> wrote: the URLs die with this run.</summary>
    public static void Clear(string dataDirectory)
    {
        File.Delete(Path.Combine(dataDirectory, "urls.json"));
        File.Delete(Path.Combine(dataDirectory, "dashboard-api-key"));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Summary}")]
    private static partial void LogSummary(ILogger logger, string summary);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Written beside and renamed into place, so a reader never sees half a file.</summary>
    private static async Task WriteOwnerOnlyAsync(string path, string contents, CancellationToken ct)
    {
        var partial = path + ".partial";
        await File.WriteAllTextAsync(partial, contents, ct);
        File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(partial, path, overwrite: true);
    }
}
