using System.Net.Sockets;
using Runbooks.Core.Sealing;

namespace Runbooks.Providers.Http;

/// <summary>
/// The transport every provider client and probe uses. Under a loopback-only <see cref="EndpointPolicy"/> it refuses,
/// at connect time, any address that is not loopback: the backstop behind the URL checks, which also catches a redirect
/// from a loopback server to a remote one and a name that resolves somewhere else.
/// </summary>
public static class GuardedHttpHandler
{
    /// <summary>A handler for <paramref name="policy"/>.</summary>
    public static SocketsHttpHandler Create(EndpointPolicy policy, TimeSpan pooledConnectionLifetime)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = pooledConnectionLifetime };
        if (policy.LoopbackOnly) handler.ConnectCallback = ConnectLoopbackOnlyAsync;
        return handler;
    }

    private static async ValueTask<Stream> ConnectLoopbackOnlyAsync(SocketsHttpConnectionContext context, CancellationToken cancellation)
    {
        // No lookup at all: a name is loopback only as localhost or a literal address, so no query leaves the machine.
        var endpoint = context.DnsEndPoint;
        var loopback = EndpointPolicy.LoopbackAddressesOf(endpoint.Host).ToArray();
        if (loopback.Length == 0)
            throw new HttpRequestException(HttpRequestError.ConnectionError,
                $"A drill reaches only loopback endpoints, so the connection to {endpoint.Host}:{endpoint.Port} was refused.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(loopback, endpoint.Port, cancellation).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
