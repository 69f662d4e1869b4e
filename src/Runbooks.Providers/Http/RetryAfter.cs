using System.Net.Http.Headers;

namespace Runbooks.Providers.Http;

/// <summary>Reads a <c>Retry-After</c> header, which may be a number of seconds or an HTTP date.</summary>
public static class RetryAfter
{
    /// <summary>The wait the response asks for, or null when it has no usable <c>Retry-After</c>.</summary>
    public static TimeSpan? Read(HttpResponseHeaders headers, DateTimeOffset now)
    {
        var value = headers.RetryAfter;
        if (value?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (value?.Date is { } date) return date <= now ? TimeSpan.Zero : date - now;
        return null;
    }
}
