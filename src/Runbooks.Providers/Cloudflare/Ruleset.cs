namespace Runbooks.Providers.Cloudflare;

/// <summary>CF-18: a zone's entrypoint ruleset for one phase, with its rules in order.</summary>
public sealed record Ruleset
{
    /// <summary>The ruleset id (single-rule calls name it).</summary>
    public string Id { get; init; } = "";

    /// <summary>The phase, e.g. <c>http_request_dynamic_redirect</c> or <c>http_ratelimit</c>.</summary>
    public string Phase { get; init; } = "";

    /// <summary>The ruleset's version, incremented by every change.</summary>
    public string? Version { get; init; }

    /// <summary>The rules, in the order they run.</summary>
    public IReadOnlyList<RulesetRule> Rules { get; init; } = [];
}
