namespace Runbooks.Core.Estates;

/// <summary>A Cloudflare zone (a domain): its cache, DNS records and rules belong to it.</summary>
/// <param name="Name">The domain, e.g. <c>pitchey.com</c>.</param>
/// <param name="Id">The zone id (32 hex digits).</param>
public sealed record EstateZone(string Name, string Id);
