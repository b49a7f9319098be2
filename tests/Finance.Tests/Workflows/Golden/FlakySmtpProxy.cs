using System.Net;
using System.Net.Sockets;

namespace Finance.Tests.Workflows.Golden;

/// <summary>
/// Stands between the API and maildev: hangs up on the next <see cref="RefuseNext"/> connections (the SMTP client fails as
/// it would with a mail server down), and relays every other connection to maildev byte for byte. Gives the recorded runs
/// a real failed attempt and its retry.
/// </summary>
internal sealed class FlakySmtpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly int _target;
    private int _refuse;

    public FlakySmtpProxy(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int RefuseNext
    {
        get => Volatile.Read(ref _refuse);
        set => Volatile.Write(ref _refuse, value);
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                if (Interlocked.Decrement(ref _refuse) >= 0)
                {
                    client.Client.LingerState = new LingerOption(true, 0); // a reset, not a polite close
                    client.Dispose();
                    continue;
                }

                Interlocked.Exchange(ref _refuse, 0);
                _ = RelayAsync(client);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            var a = client.GetStream();
            var b = server.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
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
