using System.Net;

namespace Runbooks.Drills.Load;

/// <summary>The HTTP workload: synthetic users requesting the service; a 2xx answer is a success.</summary>
public static class HttpLoad
{
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
    { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>A scenario that GETs <paramref name="url"/> once per arrival.</summary>
    public static LoadScenario Get(string name, Uri url, HttpClient client)
        => LoadScenario.Create(name, async (_, ct) =>
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            return code is >= 200 and < 300 ? LoadResponse.Ok(code.ToString(System.Globalization.CultureInfo.InvariantCulture))
                : LoadResponse.Fail(code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
}
