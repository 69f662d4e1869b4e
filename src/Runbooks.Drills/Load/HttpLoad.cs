using System.Buffers;
using System.Globalization;
using System.Net;

namespace Runbooks.Drills.Load;

/// <summary>The HTTP workload: synthetic users requesting the service; a 2xx answer is a success.</summary>
public static class HttpLoad
{
    // Status texts cached so a response costs no string formatting.
    private static readonly string[] StatusTexts = Enumerable.Range(0, 600).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>A client tuned for loopback load: no proxy, enough connections for the in-flight cap, no cookies.</summary>
    public static HttpClient CreateClient(int maxConnections = 512) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
        // HTTP/1.1 and nothing else: no version negotiation, and a load that means the same on every run.
        DefaultRequestVersion = HttpVersion.Version11,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    /// <summary>A scenario that GETs <paramref name="url"/> once per arrival.</summary>
    public static LoadScenario Get(string name, Uri url, HttpClient client)
        => LoadScenario.Create(name, async (_, ct) =>
        {
            // Headers first, then the body read into a pooled buffer and thrown away: buffering it into the response
            // (ResponseContentRead) allocates per request, and the time to the last byte is still what is measured.
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            await DrainAsync(response.Content, ct).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            var status = (uint)code < (uint)StatusTexts.Length ? StatusTexts[code] : code.ToString(CultureInfo.InvariantCulture);
            return code is >= 200 and < 300 ? LoadResponse.Ok(status) : LoadResponse.Fail(status);
        });

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
