using Runbooks.Core.Sealing;

namespace Runbooks.Providers.Configuration;

/// <summary>
/// Resolves one provider setting the way wrangler does: a variable of the run wins (e.g. <c>CLOUDFLARE_API_BASE_URL</c>),
/// then the chosen environment's section of <c>.config/environments.json</c>, then the built-in default.
/// </summary>
public static class ProviderSetting
{
    /// <summary>The first set one of <paramref name="names"/> in <paramref name="run"/>, else the config key, else <paramref name="fallback"/>.</summary>
    public static string? Resolve(RunVariables run, IReadOnlyDictionary<string, string> section, string key, string? fallback, params string[] names)
    {
        foreach (var name in names)
            if (run.Get(name) is { } value) return value;
        return section.TryGetValue(key, out var configured) && configured.Length > 0 ? configured : fallback;
    }
}
