using System.Net;
using System.Net.Sockets;

namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>
/// A TCP port on 127.0.0.1 that passes connections to whichever local port is behind it now: a Neon branch's endpoint,
/// whose connection string stays the same while a restore swaps the data behind it. Changing the target ends the open
/// connections (Neon: "connections drop briefly"); with no target a connection is closed at once, as a branch without
/// compute refuses it.
/// </summary>
public sealed class LoopbackForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private int? _target;

    /// <summary>Starts listening.</summary>
    public LoopbackForwarder()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>The port clients connect to.</summary>
    public int Port { get; }

    /// <summary>Points the forwarder at <paramref name="port"/> on 127.0.0.1 (null: none), ending every open connection.</summary>
    public void Retarget(int? port)
    {
        lock (_open)
        {
            _target = port;
            foreach (var c in _open) c.Dispose();
            _open.Clear();
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        int? target;
        lock (_open) target = _target;
        using var upstream = new TcpClient();
        try
        {
            if (target is not { } port) return;
            await upstream.ConnectAsync(IPAddress.Loopback, port, _stop.Token).ConfigureAwait(false);
            lock (_open) { _open.Add(client); _open.Add(upstream); }
            var a = client.GetStream().CopyToAsync(upstream.GetStream(), _stop.Token);
            var b = upstream.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
            await Task.WhenAny(a, b).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A dropped connection is what a client of a restored branch sees: it reconnects.
        }
        finally
        {
            lock (_open) { _open.Remove(client); _open.Remove(upstream); }
            client.Dispose();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        Retarget(null);
        await _accepting.ConfigureAwait(false);
        _stop.Dispose();
    }
}
