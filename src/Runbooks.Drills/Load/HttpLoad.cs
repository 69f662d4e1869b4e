using System.Runtime.CompilerServices;
using System.Buffers;
using System.Globalization;
using System.Net;

namespace Runbooks.Drills.Load;

/// <summary>The HTTP workload: synthetic users requesting the service; a 2xx answer is a success.</summary>
public static class HttpLoad
{
    // Status texts cached so a response costs no string formatting.
    private static readonly string[] StatusTexts = Enumerable.Range(0, 600).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>
    /// A client tuned for loopback load: no proxy, enough connections for the in-flight cap, no cookies. A bare
    /// <see cref="HttpMessageInvoker"/> over <see cref="SocketsHttpHandler"/>, not an <see cref="HttpClient"/>: the
    /// latter links a cancellation source per request for its timeout, which the load's own per-bucket timeout makes
    /// redundant.
    /// </summary>
    public static HttpMessageInvoker CreateClient(int maxConnections = 512) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.None,
    });

    /// <summary>
    /// A scenario that GETs <paramref name="url"/> once per arrival. A response is a success when
    /// <paramref name="accepts"/> says so for its status code (default: any 2xx); a request that presents
    /// <paramref name="credential"/>'s token is judged by its own list instead.
    /// </summary>
    public static LoadScenario Get(string name, Uri url, HttpMessageInvoker client, Func<int, bool>? accepts = null, LoadCredential? credential = null)
        => LoadScenario.Create(name, (_, ct) => GetAsync(client, url, accepts ?? IsSuccess, credential, ct));

    private static bool IsSuccess(int code) => code is >= 200 and < 300;

    // Pooled builder: the state machine of a request that awaits is reused, not allocated per arrival.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<LoadResponse> GetAsync(HttpMessageInvoker client, Uri url, Func<int, bool> accepts, LoadCredential? credential, CancellationToken ct)
    {
        // HTTP/1.1 and nothing else: no version negotiation, and a load that means the same on every run.
        using var request = new HttpRequestMessage(HttpMethod.Get, url) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        if (credential?.Token() is { } token)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            accepts = credential.Accepts;
        }
        // The handler returns at the headers; the body is read into a pooled buffer and thrown away, so the time to
        // the last byte is what is measured without buffering the body per request.
        using var response = await client.SendAsync(request, ct).ConfigureAwait(false);
        await DrainAsync(response.Content, ct).ConfigureAwait(false);
        var code = (int)response.StatusCode;
        var status = (uint)code < (uint)StatusTexts.Length ? StatusTexts[code] : code.ToString(CultureInfo.InvariantCulture);
        return accepts(code) ? LoadResponse.Ok(status) : LoadResponse.Fail(status);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask DrainAsync(HttpContent content, CancellationToken ct)
    {
        var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(4096);
            try
            {
                while (await stream.ReadAsync(buffer.AsMemory(), ct).ConfigureAwait(false) > 0) { }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
