using System.Net;
using System.Net.Sockets;

namespace Finance.AppHost.Orchestration;

/// <summary>Finds free TCP ports on 127.0.0.1 by binding port 0 and reading what the kernel chose.</summary>
public sealed class PortAllocator
{
    private readonly HashSet<int> handedOut = [];

    public int Next()
    {
        lock (handedOut)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (handedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
