namespace Runbooks.Core.Estates;

/// <summary>
/// The same services in staging, for <c>drill run --env staging</c>: other names, accounts and URLs, the name of the
/// staging database's secret (never its value) and the request rate a drill may put on staging.
/// </summary>
/// <param name="CloudflareApiBaseUrl">Cloudflare's API base URL for staging (overridable for a stand-in).</param>
/// <param name="CloudflareAccountId">The staging account, or null.</param>
/// <param name="Workers">Production Worker name to its staging name and URL.</param>
/// <param name="VercelApiBaseUrl">Vercel's API base URL for staging.</param>
/// <param name="VercelTeamId">The staging team, or null.</param>
/// <param name="VercelProjects">Production project name to its staging name and URL.</param>
/// <param name="DatabaseSecret">The secret that holds the staging database URL.</param>
/// <param name="MaxRate">Requests per second a drill may send to staging.</param>
public sealed record EstateStaging(string CloudflareApiBaseUrl, string? CloudflareAccountId, IReadOnlyDictionary<string, EstateStagingService> Workers,
    string VercelApiBaseUrl, string? VercelTeamId, IReadOnlyDictionary<string, EstateStagingService> VercelProjects, string? DatabaseSecret, double MaxRate);
