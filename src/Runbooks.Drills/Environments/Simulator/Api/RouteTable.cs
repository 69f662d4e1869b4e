namespace Runbooks.Drills.Environments.Simulator.Api;

/// <summary>
/// One provider's routes: <c>GET /accounts/{account}/workers/scripts/{script}/deployments</c> and the handler for it. A
/// template segment <c>{name}</c> matches any one segment; <c>v*</c> matches any API version (<c>v6</c>, <c>v13</c>), as
/// Vercel's CLI and SDK use different ones for the same operation. Matching is one pass over a short list per call:
/// the whole API is one WireMock mapping, so WireMock's per-mapping cost is paid once.
/// </summary>
public sealed class RouteTable
{
    private sealed record Route(string Method, string[] Segments, Func<ApiRequest, RouteValues, ApiAnswer> Handler);

    private readonly List<Route> _routes = [];

    /// <summary>Adds a route.</summary>
    public RouteTable Map(string method, string template, Func<ApiRequest, RouteValues, ApiAnswer> handler)
    {
        _routes.Add(new Route(method, Split(template), handler));
        return this;
    }

    /// <summary>
    /// The handler's answer for <paramref name="request"/>; null when no route has its path, and
    /// <paramref name="pathKnown"/> tells whether one had the path but not the method.
    /// </summary>
    public ApiAnswer? Dispatch(ApiRequest request, out bool pathKnown)
    {
        pathKnown = false;
        var segments = Split(request.Path);
        foreach (var route in _routes)
        {
            if (!Matches(route.Segments, segments, out var values)) continue;
            pathKnown = true;
            if (!string.Equals(route.Method, request.Method, StringComparison.OrdinalIgnoreCase)) continue;
            return route.Handler(request, new RouteValues(values));
        }
        return null;
    }

    private static bool Matches(string[] template, string[] path, out Dictionary<string, string> values)
    {
        values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (template.Length != path.Length) return false;
        for (var i = 0; i < template.Length; i++)
        {
            var t = template[i];
            if (t.Length > 2 && t[0] == '{' && t[^1] == '}') values[t[1..^1]] = path[i];
            else if (t == "v*") { if (path[i].Length < 2 || path[i][0] != 'v' || !path[i][1..].All(char.IsAsciiDigit)) return false; }
            else if (!string.Equals(t, path[i], StringComparison.Ordinal)) return false;
        }
        return true;
    }

    private static string[] Split(string path) => [.. path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString)];
}
