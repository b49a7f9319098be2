using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Finance.Tests.Notifications;

/// <summary>
/// A minimal SMTP server (RFC 5321's greeting, EHLO, MAIL, RCPT, DATA) that accepts every message and never answers the
/// first session's QUIT: a server that has the message while its client still waits. It counts the messages it accepted and says when
/// it accepted one, so a test can act in the moment between the server's "250" and the client's next step.
/// </summary>
internal sealed class StallingSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly TaskCompletionSource _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _messages;
    private int _sessions;

    private StallingSmtpServer()
    {
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public static StallingSmtpServer Start() => new();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Messages => Volatile.Read(ref _messages);

    /// <summary>Completes once the server has answered "250" to a message's final dot.</summary>
    public Task Accepted => _accepted.Task;

    private async Task AcceptAsync()
    {
        var sessions = new List<Task>();
        try
        {
            while (true)
            {
                sessions.Add(ServeAsync(await _listener.AcceptTcpClientAsync(_stop.Token)));
            }
        }
        catch (OperationCanceledException)
        {
            await Task.WhenAll(sessions);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var first = Interlocked.Increment(ref _sessions) == 1;
        using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
        await using var writer = new StreamWriter(client.GetStream(), Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        try
        {
            await writer.WriteLineAsync("220 stalling ESMTP");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ')[0].ToUpperInvariant();
                if (verb == "QUIT" && first)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token); // the goodbye never comes
                }
                else if (verb == "QUIT")
                {
                    await writer.WriteLineAsync("221 bye");
                    return;
                }
                else if (verb == "DATA")
                {
                    await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                    while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                    {
                    }
                    Interlocked.Increment(ref _messages);
                    await writer.WriteLineAsync("250 queued");
                    _accepted.TrySetResult();
                }
                else
                {
                    await writer.WriteLineAsync(verb == "EHLO" ? "250 stalling" : "250 ok");
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client hung up, or the test is over.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
