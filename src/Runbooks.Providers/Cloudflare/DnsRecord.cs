namespace Runbooks.Providers.Cloudflare;

/// <summary>CF-15: a DNS record of a zone.</summary>
public sealed record DnsRecord
{
    /// <summary>The record id.</summary>
    public string Id { get; init; } = "";

    /// <summary>A, AAAA, CNAME, ...</summary>
    public string Type { get; init; } = "";

    /// <summary>The full name, zone included.</summary>
    public string Name { get; init; } = "";

    /// <summary>What it points at.</summary>
    public string Content { get; init; } = "";

    /// <summary>Whether traffic goes through Cloudflare's edge (rules, cache and routes apply only then).</summary>
    public bool Proxied { get; init; }

    /// <summary>The record's comment.</summary>
    public string? Comment { get; init; }
}
