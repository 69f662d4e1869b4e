using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Runbooks.Drills.Environments.Postgres;

/// <summary>
/// The few Docker Engine API calls Runbooks makes itself, before and beside Testcontainers: is a daemon there and which
/// API does it speak, is an image there, which containers carry a label, remove one. Plain HTTP on the daemon's socket,
/// so that the answer to "is Docker there?" costs no client start-up and never depends on the API version Testcontainers pins.
/// </summary>
internal sealed class DockerEngine : IDisposable
{
    private const string DefaultSocket = "unix:///var/run/docker.sock";

    private readonly HttpClient _http;
    private string _api = "1.41"; // what docker.io 20.10 speaks; replaced by the daemon's own answer once asked

    private DockerEngine(string endpoint, HttpClient http, bool isLocal)
    {
        Endpoint = endpoint;
        _http = http;
        IsLocal = isLocal;
    }

    /// <summary>Where the daemon is: <c>DOCKER_HOST</c>, else the default socket.</summary>
    public string Endpoint { get; }

    /// <summary>Whether the daemon runs on this machine (a socket or a loopback address), so its published ports are on 127.0.0.1.</summary>
    public bool IsLocal { get; }

    /// <summary>The daemon <c>DOCKER_HOST</c> names (unix:// or tcp://), else <c>/var/run/docker.sock</c>.</summary>
    public static DockerEngine FromEnvironment() => For(System.Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : DefaultSocket);

    /// <summary>A client of the daemon at <paramref name="endpoint"/> (<c>unix:///path</c> or <c>tcp://host:port</c>).</summary>
    public static DockerEngine For(string endpoint)
    {
        if (endpoint.StartsWith("unix://", StringComparison.Ordinal))
        {
            var socket = endpoint["unix://".Length..];
            var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, ct) =>
                {
                    var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), ct).ConfigureAwait(false);
                        return new NetworkStream(s, ownsSocket: true);
                    }
                    catch
                    {
                        s.Dispose();
                        throw;
                    }
                },
            };
            return new DockerEngine(endpoint, new HttpClient(handler) { BaseAddress = new Uri("http://docker/") }, isLocal: true);
        }
        if (endpoint.StartsWith("tcp://", StringComparison.Ordinal) && Uri.TryCreate("http://" + endpoint["tcp://".Length..], UriKind.Absolute, out var uri))
        {
            var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));
            return new DockerEngine(endpoint, new HttpClient { BaseAddress = uri }, loopback);
        }
        // Anything else (ssh://, npipe://) is not spoken here: every question gets "no answer", so auto falls back.
        return new DockerEngine(endpoint, new HttpClient { BaseAddress = new Uri("http://unsupported.invalid/") }, isLocal: false);
    }

    /// <summary>The daemon's version and highest API version, or null (with why) when it does not answer within <paramref name="timeout"/>.</summary>
    public async Task<(DockerVersion? Version, string? Why)> VersionAsync(TimeSpan timeout, CancellationToken cancellation = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await _http.GetAsync("version", limit.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return (null, $"it answered HTTP {(int)response.StatusCode}");
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(limit.Token).ConfigureAwait(false));
            var version = new DockerVersion(
                doc.RootElement.TryGetProperty("Version", out var v) ? v.GetString() ?? "?" : "?",
                doc.RootElement.TryGetProperty("ApiVersion", out var a) ? a.GetString() ?? _api : _api);
            _api = version.ApiVersion;
            return (version, null);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return (null, $"no answer within {timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or JsonException or IOException or NotSupportedException)
        {
            return (null, (e.InnerException ?? e).Message.TrimEnd('.'));
        }
    }

    /// <summary>Whether <paramref name="image"/> (<c>name:tag</c>) is on the daemon.</summary>
    public async Task<bool> HasImageAsync(string image, CancellationToken cancellation = default)
    {
        using var response = await _http.GetAsync($"v{_api}/images/{Uri.EscapeDataString(image)}/json", cancellation).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    /// <summary>Every container (running or not) labelled <paramref name="label"/> (<c>key=value</c>): its id and labels.</summary>
    public async Task<IReadOnlyList<(string Id, IReadOnlyDictionary<string, string> Labels)>> ContainersAsync(string label, CancellationToken cancellation = default)
    {
        var filters = Uri.EscapeDataString(JsonSerializer.Serialize(new Dictionary<string, string[]> { ["label"] = [label] }));
        using var response = await _http.GetAsync($"v{_api}/containers/json?all=1&filters={filters}", cancellation).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false));
        return doc.RootElement.EnumerateArray().Select(c => (
            c.GetProperty("Id").GetString()!,
            (IReadOnlyDictionary<string, string>)(c.TryGetProperty("Labels", out var l) && l.ValueKind == JsonValueKind.Object
                ? l.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal)
                : new Dictionary<string, string>()))).ToList();
    }

    /// <summary>Stops and removes container <paramref name="id"/> with its anonymous volumes; true when it is gone (or was).</summary>
    public async Task<bool> RemoveAsync(string id, CancellationToken cancellation = default)
    {
        using var response = await _http.DeleteAsync($"v{_api}/containers/{Uri.EscapeDataString(id)}?force=1&v=1", cancellation).ConfigureAwait(false);
        return response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound;
    }

    /// <summary>Whether the API <paramref name="apiVersion"/> is older than <paramref name="than"/> (both <c>major.minor</c>).</summary>
    public static bool IsOlder(string apiVersion, string than)
        => Version.TryParse(apiVersion, out var a) && Version.TryParse(than, out var b) && a < b;

    public void Dispose() => _http.Dispose();
}
