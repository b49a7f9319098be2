using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Finance.AppHost;

/// <summary>
/// What <c>dotnet run</c> would take from launchSettings.json, so that <c>./run.sh</c> (which runs the built dll) and
/// <c>dotnet run --project AppHost</c> behave alike: the dashboard and its OTLP endpoint on 127.0.0.1 over http (no
/// trusted development certificate here, DESIGN.md §6), a login token, and API keys for OTLP and the telemetry API.
/// Each is a default only: configuration or the environment wins.
/// </summary>
internal static class DevDefaults
{
    public static void Apply(IDistributedApplicationBuilder builder)
    {
        var defaults = new Dictionary<string, string?>
        {
            // Aspire's usual 18888 when it is free, so a bookmark survives restarts; any free port otherwise.
            ["ASPNETCORE_URLS"] = Url(builder.Configuration.GetValue<int?>("FINANCE_DASHBOARD_PORT") ?? (IsFree(DashboardPort) ? DashboardPort : FreePort())),
            ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = Url(FreePort()),
            ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = Url(FreePort()),
            // Plain http on the loopback interface only; the browser token and API keys still guard every page and call.
            ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
            ["AppHost:BrowserToken"] = Secret(),
            ["AppHost:OtlpApiKey"] = Secret(),
            ["AppHost:DashboardApiKey"] = Secret(),
        };
        builder.Configuration.AddInMemoryCollection(defaults.Where(d => string.IsNullOrEmpty(builder.Configuration[d.Key])));
    }

    private const int DashboardPort = 18888;

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string Url(int port) => $"http://127.0.0.1:{port}";

    private static string Secret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
