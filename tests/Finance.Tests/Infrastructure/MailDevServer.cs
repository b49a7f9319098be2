using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Finance.Tests.Infrastructure;

/// <summary>A real SMTP server with a REST inbox: maildev from npm (installed by scripts/setup.sh in AppHost/).</summary>
public sealed class MailDevServer : IAsyncDisposable
{
    private readonly Process _process;

    private MailDevServer(Process process, int smtpPort, int webPort)
    {
        _process = process;
        SmtpPort = smtpPort;
        WebUrl = $"http://127.0.0.1:{webPort}";
    }

    public int SmtpPort { get; }

    public string WebUrl { get; }

    public static async Task<MailDevServer> StartNewAsync()
    {
        var script = Path.Combine(Repo.Root, "AppHost", "node_modules", "maildev", "dist", "bin", "maildev.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"{script} is missing: run scripts/setup.sh (npm ci in AppHost/).");
        }
        int smtp = ServerProcess.FreePort(), web = ServerProcess.FreePort();
        var process = ServerProcess.Start("node", script, "--smtp", $"{smtp}", "--ip", "127.0.0.1", "--web", $"{web}", "--web-ip", "127.0.0.1");
        ServerProcess.CleanUpAfterExit($"kill -9 {process.Id} 2>/dev/null");
        var server = new MailDevServer(process, smtp, web);
        using var http = new HttpClient();
        await ServerProcess.WaitUntilAsync(async () =>
        {
            try
            {
                return (await http.GetAsync(server.WebUrl + "/api/healthz")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), "maildev");
        return server;
    }

    /// <summary>The messages received for one recipient, read through maildev's REST API.</summary>
    public async Task<List<JsonElement>> MessagesToAsync(string recipient) =>
        [.. (await MessagesAsync()).Where(m => Recipients(m).Contains(recipient, StringComparer.OrdinalIgnoreCase))];

    /// <summary>Every message maildev holds (the whole run's: tests tell theirs apart by recipient).</summary>
    public async Task<JsonElement[]> MessagesAsync()
    {
        using var http = new HttpClient();
        return await http.GetFromJsonAsync<JsonElement[]>(WebUrl + "/api/email") ?? [];
    }

    public static IEnumerable<string> Recipients(JsonElement message) =>
        message.GetProperty("to").EnumerateArray().Select(t => t.GetProperty("address").GetString()!);

    /// <summary>Downloads an attachment by the file name the sender gave it (maildev serves it under a generated name).</summary>
    public async Task<byte[]> AttachmentAsync(JsonElement message, string fileName)
    {
        var attachment = message.GetProperty("attachments").EnumerateArray()
            .Single(a => a.GetProperty("filename").GetString() == fileName);
        var stored = attachment.GetProperty("generatedFileName").GetString()!;
        using var http = new HttpClient();
        return await http.GetByteArrayAsync($"{WebUrl}/api/email/{message.GetProperty("id").GetString()}/attachment/{Uri.EscapeDataString(stored)}");
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
