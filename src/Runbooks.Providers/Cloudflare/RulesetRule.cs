using System.Text.Json.Nodes;

namespace Runbooks.Providers.Cloudflare;

/// <summary>CF-18..20: one rule of a ruleset (a redirect, a rate limit, a block).</summary>
public sealed record RulesetRule
{
    /// <summary>The rule id (null before it is created).</summary>
    public string? Id { get; init; }

    /// <summary>What it says it is for; runbooks find their own rules by it.</summary>
    public string? Description { get; init; }

    /// <summary>The rules-language expression requests must match.</summary>
    public string Expression { get; init; } = "";

    /// <summary><c>redirect</c>, <c>block</c>, <c>log</c>, ...</summary>
    public string Action { get; init; } = "";

    /// <summary>Whether it runs.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The action's parameters as the API shapes them (a redirect's target, a block's response).</summary>
    public JsonObject? ActionParameters { get; init; }

    /// <summary>For a rate-limit rule: how many requests per period, and what happens past it.</summary>
    public RateLimitSettings? Ratelimit { get; init; }
}
