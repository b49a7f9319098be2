using System.Globalization;
using Finance.AppHost.Orchestration;

namespace Finance.AppHost.Resources;

/// <summary>maildev (npm, pinned in AppHost/package.json): an SMTP server and a web inbox for development mail.</summary>
public sealed class MailDevResource(string name, PortAllocator ports) : Resource(name), IResourceWithEnvironment
{
    private readonly Lazy<int> smtpPort = new(ports.Next);
    private readonly Lazy<int> webPort = new(ports.Next);

    public int SmtpPort => smtpPort.Value;

    public override string? Url => $"http://127.0.0.1:{webPort.Value}";

    public IEnumerable<KeyValuePair<string, string>> GetReferenceEnvironment() =>
    [
        new("Smtp__Host", "127.0.0.1"),
        new("Smtp__Port", SmtpPort.ToString(CultureInfo.InvariantCulture)),
        new($"ConnectionStrings__{Name}", $"smtp://127.0.0.1:{SmtpPort}"),
    ];

    internal override async Task StartAsync(HostContext context, CancellationToken cancellationToken)
    {
        var appHostDirectory = Path.Combine(context.RepoRoot, "AppHost");
        var script = Path.Combine(appHostDirectory, "node_modules", "maildev", "dist", "bin", "maildev.js");
        if (!File.Exists(script))
        {
            // Install what is missing (DESIGN.md §5), exactly as locked.
            Logs.Write("maildev is not installed: running npm ci in AppHost/");
            var exitCode = await ManagedProcess.RunAsync(
                new ProcessSpec("npm", ["ci", "--no-audit", "--no-fund"]) { WorkingDirectory = appHostDirectory }, Logs, cancellationToken);
            if (exitCode != 0 || !File.Exists(script))
            {
                throw new InvalidOperationException($"maildev is missing ({script}) and npm ci failed: run `npm ci --prefix AppHost`.");
            }
        }

        Process = ManagedProcess.Start(
            new ProcessSpec(
                "node",
                [script, "--smtp", SmtpPort.ToString(CultureInfo.InvariantCulture), "--ip", "127.0.0.1",
                 "--web", webPort.Value.ToString(CultureInfo.InvariantCulture), "--web-ip", "127.0.0.1"])
            {
                WorkingDirectory = appHostDirectory,
            },
            Logs);
    }

    /// <summary>maildev 3 answers <c>/api/healthz</c>; its inbox page is served only to requests that accept text/html.</summary>
    internal override Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => Probes.HttpOkAsync(Url + "/api/healthz", cancellationToken);
}
