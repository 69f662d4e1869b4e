using System.Net;
using Runbooks.Core.Errors;

namespace Runbooks.Core.Sealing;

/// <summary>
/// Which endpoints a run may reach. Production runs reach anything they are configured for (<see cref="Unrestricted"/>);
/// a drill reaches only loopback (<see cref="Drill"/>), checked by every provider client, HTTP probe, database
/// connection and <c>pg_dump</c>/<c>pg_restore</c> call before anything is sent. The policy is chosen by the harness in
/// code: nothing in a drill file can relax it.
/// </summary>
public sealed class EndpointPolicy
{
    private readonly IReadOnlyDictionary<string, string> _absent;
    private readonly IReadOnlySet<string>? _hosts;

    private EndpointPolicy(bool loopbackOnly, IReadOnlyDictionary<string, string> absent, IReadOnlySet<string>? hosts = null)
    {
        LoopbackOnly = loopbackOnly;
        _absent = absent;
        _hosts = hosts;
    }

    /// <summary>No restriction: production and staging runs.</summary>
    public static EndpointPolicy Unrestricted { get; } = new(false, new Dictionary<string, string>());

    /// <summary>
    /// Loopback only. <paramref name="absent"/> names the services the drill did not start (e.g. <c>Vercel</c> to
    /// "this drill has no Vercel simulator"): a runbook that calls one is refused with that sentence.
    /// </summary>
    public static EndpointPolicy Drill(IReadOnlyDictionary<string, string>? absent = null)
        => new(true, new Dictionary<string, string>(absent ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// Only <paramref name="hosts"/>: a staging drill reaches the hosts the estate's <c>staging</c> section names (its APIs,
    /// its services) and nothing else, production least of all.
    /// </summary>
    public static EndpointPolicy Only(IEnumerable<string> hosts)
        => new(false, new Dictionary<string, string>(), hosts.Select(h => h.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal));

    /// <summary>True when only loopback endpoints may be reached.</summary>
    public bool LoopbackOnly { get; }

    /// <summary>
    /// Refuses a service the drill did not start: exit 3, "this drill has no Vercel simulator; the runbook called Vercel".
    /// </summary>
    /// <param name="service">The service as runbooks name it: <c>Cloudflare</c>, <c>Vercel</c>, <c>Db</c>.</param>
    public void EnsurePresent(string service)
    {
        if (_absent.TryGetValue(service, out var what))
            throw new EnvironmentUnavailableException($"This drill has no {what}; the runbook called {service}.");
    }

    /// <summary>Refuses <paramref name="url"/> unless this policy allows it: exit 3 with one sentence naming the endpoint.</summary>
    /// <param name="url">The endpoint about to be reached.</param>
    /// <param name="what">What it is, for the sentence (e.g. "the Cloudflare API").</param>
    public void EnsureAllowed(Uri url, string what)
    {
        if (_hosts is not null && (!url.IsAbsoluteUri || !_hosts.Contains(url.IdnHost.ToLowerInvariant())))
            throw Refused(url.IsAbsoluteUri ? url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : url.ToString(), what);
        if (!LoopbackOnly) return;
        // Named without user info or query: a URL's password must not reach the sentence.
        if (!url.IsAbsoluteUri || !IsLoopbackHost(url.IdnHost))
            throw Refused(url.IsAbsoluteUri ? url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : url.ToString(), what);
    }

    /// <summary>Refuses a host (a database server, say) unless this policy allows it.</summary>
    /// <param name="host">Host name, address, or a Unix socket folder (which is local).</param>
    /// <param name="endpoint">How the endpoint is named in the sentence (e.g. <c>db.example.com:5432/app</c>).</param>
    /// <param name="what">What it is, for the sentence.</param>
    public void EnsureHostAllowed(string? host, string endpoint, string what)
    {
        if (_hosts is not null && (host ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Any(h => !h.StartsWith('/') && !_hosts.Contains(StripPort(h).ToLowerInvariant())))
            throw Refused(endpoint, what);
        if (!LoopbackOnly) return;
        var hosts = (host ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (hosts.Length == 0 || hosts.Any(h => !h.StartsWith('/') && !IsLoopbackHost(StripPort(h))))
            throw Refused(endpoint, what);
    }

    /// <summary>Whether <paramref name="address"/> is a loopback address (127.0.0.0/8, ::1, or IPv4 loopback mapped to IPv6).</summary>
    public static bool IsLoopback(IPAddress address)
        => IPAddress.IsLoopback(address) || address.IsIPv4MappedToIPv6 && IPAddress.IsLoopback(address.MapToIPv4());

    /// <summary>
    /// Whether <paramref name="host"/> names loopback by itself: <c>localhost</c>, or a literal loopback address. A name
    /// that merely resolves to loopback today is not trusted, and nothing is looked up: DNS is not part of the guard.
    /// </summary>
    public static bool IsLoopbackHost(string host) => LoopbackAddressesOf(host).Count > 0;

    /// <summary>The loopback addresses <paramref name="host"/> stands for without any lookup; empty when it is not loopback.</summary>
    public static IReadOnlyList<IPAddress> LoopbackAddressesOf(string host)
    {
        var h = host.Trim().TrimStart('[').TrimEnd(']');
        if (h.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return [IPAddress.Loopback, IPAddress.IPv6Loopback];
        return IPAddress.TryParse(h, out var ip) && IsLoopback(ip) ? [ip] : [];
    }

    private static string StripPort(string host)
    {
        // "127.0.0.1:5432" or "[::1]:5432" as Npgsql accepts them; a bare IPv6 address has several colons and no brackets.
        if (host.StartsWith('[')) return host[..(host.IndexOf(']') + 1)];
        return host.Count(c => c == ':') == 1 ? host[..host.IndexOf(':')] : host;
    }

    private EnvironmentUnavailableException Refused(string endpoint, string what)
        => new($"A drill reaches only loopback endpoints, so {what} at {endpoint} was refused: a drill never leaves this machine.");
}
