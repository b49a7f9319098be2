using System.Diagnostics;
using System.Net.Sockets;

namespace Finance.Tests.Infrastructure;

/// <summary>A throwaway Redis server (Debian's redis-server, no persistence) on a free port; can be stopped and restarted.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=2000";

    public static async Task<RedisServer> StartNewAsync()
    {
        var server = new RedisServer(ServerProcess.FreePort());
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        _process = ServerProcess.Start("redis-server", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning");
        ServerProcess.CleanUpAfterExit($"kill -9 {_process.Id} 2>/dev/null");
        await ServerProcess.WaitUntilAsync(CanConnectAsync, TimeSpan.FromSeconds(15), "Redis");
    }

    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process?.Dispose();
        _process = null;
    }

    /// <summary>
    /// Freezes the server (SIGSTOP): connections stay open and commands go unanswered until <see cref="Resume"/>, the
    /// hardest outage for a client (timeouts, not refusals) and one that keeps the server's data.
    /// </summary>
    public void Pause() => Signal("-STOP");

    public void Resume() => Signal("-CONT");

    private void Signal(string signal) =>
        ServerProcess.Run("kill", signal, (_process ?? throw new InvalidOperationException("Redis is not running.")).Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private async Task<bool> CanConnectAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}
