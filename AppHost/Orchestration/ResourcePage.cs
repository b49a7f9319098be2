using System.Net;
using System.Text;
using Finance.AppHost.Resources;

namespace Finance.AppHost.Orchestration;

/// <summary>The AppHost's own page (Aspire's dashboard, in miniature): <c>/</c>, <c>/api/resources</c>, <c>/health</c>.</summary>
internal static class ResourcePage
{
    private const int PageLogLines = 8;
    private const int ApiLogLines = 50;

    public static void Map(WebApplication app, IReadOnlyList<Resource> resources)
    {
        app.MapGet("/health", () => TypedResults.Text("Healthy"));
        app.MapGet("/api/resources", () => TypedResults.Json(resources.Select(r => Describe(r, ApiLogLines))));
        app.MapGet("/api/resources/{name}/logs", (string name) =>
            resources.FirstOrDefault(r => r.Name == name) is { } resource
                ? Results.Text(string.Join('\n', resource.Logs.Tail(LogBuffer.Capacity)))
                : Results.NotFound());
        app.MapGet("/", () => TypedResults.Content(Html(resources), "text/html; charset=utf-8"));
    }

    private static ResourceView Describe(Resource r, int logLines) =>
        new(r.Name, r.GetType().Name.Replace("Resource", "", StringComparison.Ordinal), r.State.ToString(), r.Health, r.Url, r.ProcessId, r.ExitCode, r.Logs.Tail(logLines));

    private static string Html(IReadOnlyList<Resource> resources)
    {
        var html = new StringBuilder("""
            <!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="3"><title>Finance AppHost</title>
            <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4em;text-align:left;vertical-align:top}
            pre{margin:0;font-size:.8em;white-space:pre-wrap;max-width:60em}.Healthy{color:green}.Failed{color:#b00}</style></head>
            <body><h1>Finance AppHost</h1><table><tr><th>Name</th><th>Type</th><th>State</th><th>Health</th><th>URL</th><th>PID</th><th>Last log lines</th></tr>
            """);
        foreach (var view in resources.Select(r => Describe(r, PageLogLines)))
        {
            var url = view.Url is null ? "" : $"<a href=\"{E(view.Url)}\">{E(view.Url)}</a>";
            html.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"<tr><td>{E(view.Name)}</td><td>{E(view.Type)}</td><td class=\"{view.State}\">{view.State}</td><td>{E(view.Health)}</td><td>{url}</td><td>{view.Pid}</td><td><pre>{E(string.Join('\n', view.Logs))}</pre></td></tr>");
        }

        return html.Append("</table><p><a href=\"/api/resources\">/api/resources</a></p></body></html>").ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private sealed record ResourceView(string Name, string Type, string State, string Health, string? Url, int? Pid, int? ExitCode, IReadOnlyList<string> Logs);
}
