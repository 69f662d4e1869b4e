using Runbooks.Core.Errors;
using Runbooks.Core.Estates;
using Runbooks.Core.Sealing;
using Runbooks.Core.Timing;
using Runbooks.Drills.Definitions;

namespace Runbooks.Drills.Staging;

/// <summary>
/// Decides, before anything starts, whether drills may run against staging (DESIGN.md, "Modes and safety"): the estate
/// has a staging section and a twin for each drilled service; nothing in it is production's (account, Worker name,
/// host, database, token); the fault can be caused through the providers' public APIs; the time scale is 1; and the
/// operator said <c>--yes</c>. Anything else is bad input (exit 2) naming what is wrong, or, without <c>--yes</c>, what
/// each drill would do.
/// </summary>
public static class StagingGuard
{
    /// <summary>The secret holding the staging Cloudflare token.</summary>
    public const string CloudflareToken = "STAGING_CLOUDFLARE_API_TOKEN";

    /// <summary>Fault kinds that can be caused in staging through a public API today.</summary>
    public static readonly IReadOnlyList<string> Faults = ["bad-deployment"];

    /// <summary>Checks <paramref name="drills"/> against <paramref name="estate"/>; returns each drill's target.</summary>
    public static IReadOnlyList<StagingTarget> Check(IReadOnlyList<DrillDefinition> drills, Estate estate, RunVariables shell, TimeScale? requestedScale, bool assumeYes,
        Func<DrillDefinition, string> display)
    {
        var staging = estate.Staging ?? throw new BadInputException("The estate has no staging section: `drill run --env staging` drills only what it names (see DESIGN.md, the estate).");
        if (requestedScale is { } scale && scale != TimeScale.RealTime)
            throw new BadInputException($"Staging drills run at time scale 1: real providers do not run faster (--time-scale {scale} given).");
        if (staging.CloudflareAccountId is null)
            throw new BadInputException("The estate's staging.cloudflare.accountId is missing: a staging drill needs the staging account.");
        if (staging.CloudflareAccountId == estate.CloudflareAccountId)
            throw new BadInputException($"staging.cloudflare.accountId is production's account ({estate.CloudflareAccountId}): refused.");
        var token = shell.Get(CloudflareToken)
            ?? throw new BadInputException($"{CloudflareToken} is not set: export the staging Cloudflare token (never production's).");
        if (shell.Get("CLOUDFLARE_API_TOKEN") is { } productionToken && productionToken == token)
            throw new BadInputException($"{CloudflareToken} is the same token as CLOUDFLARE_API_TOKEN (production's): refused.");
        if (staging.DatabaseSecret is "DATABASE_URL")
            throw new BadInputException("staging.database names DATABASE_URL, production's secret: name the staging database's own secret (e.g. STAGING_DATABASE_URL).");
        if (staging.DatabaseSecret is { } db && shell.Get(db) is { } stagingDb && shell.Get("DATABASE_URL") is { } productionDb && stagingDb == productionDb)
            throw new BadInputException($"{db} holds the same connection string as DATABASE_URL (production's): refused.");
        var productionHosts = ProductionHosts(estate);
        var targets = new List<StagingTarget>();
        foreach (var drill in drills)
        {
            var where = display(drill);
            if (!Faults.Contains(drill.Fault.Kind))
                throw new BadInputException($"{where}: fault '{drill.Fault.Kind}' cannot be caused in staging yet; staging drills cause {string.Join(", ", Faults)} through the provider's public API.");
            if (drill.Load.Target != LoadTarget.Worker || drill.Load.Host is not null)
                throw new BadInputException($"{where}: a staging drill loads a Worker's staging twin by its own URL (load target worker, no host).");
            var production = Environments.DrillSite.ServiceOf(drill, estate)!;
            if (!staging.Workers.TryGetValue(production, out var twin))
                throw new BadInputException($"{where}: Worker {production} has no staging twin in the estate (staging.cloudflare.workers).");
            if (twin.Name == production)
                throw new BadInputException($"{where}: the staging twin of {production} has production's name: refused.");
            var host = new Uri(twin.Url).Host.ToLowerInvariant();
            if (productionHosts.Contains(host))
                throw new BadInputException($"{where}: the staging URL {twin.Url} is a production host ({host}): refused.");
            var api = new Uri(staging.CloudflareApiBaseUrl);
            var variables = new Dictionary<string, string>
            {
                ["CLOUDFLARE_API_BASE_URL"] = staging.CloudflareApiBaseUrl,
                ["CLOUDFLARE_API_TOKEN"] = token,
                ["CLOUDFLARE_ACCOUNT_ID"] = staging.CloudflareAccountId,
            };
            targets.Add(new StagingTarget(production, twin.Name, twin.Url.TrimEnd('/'), variables, [api.Host, host]));
        }
        if (!assumeYes)
            throw new BadInputException("Staging drills change staging; pass --yes to run them. They would:" + Environment.NewLine
                + string.Join(Environment.NewLine, drills.Zip(targets, (d, t) =>
                    $"  {d.Name}: upload a failing version of Worker {t.Name} through {staging.CloudflareApiBaseUrl} and deploy it, "
                    + $"send {Math.Min(d.Load.Rate, staging.MaxRate):0.#} req/s to {t.Url}, run {d.Runbook} with worker={t.Name}, "
                    + "then deploy the version that served before the drill again if anything else serves.")));
        return targets;
    }

    // Every host production answers on, as the estate names it: service URLs, zones, and the Workers routes the zones give.
    private static HashSet<string> ProductionHosts(Estate estate)
    {
        var urls = estate.Workers.Select(w => w.Url).Concat(estate.PagesProjects.Select(p => p.Url)).Concat(estate.VercelProjects.Select(p => p.Url));
        var hosts = urls.OfType<string>().Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri.Host.ToLowerInvariant() : null).OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        foreach (var zone in estate.Zones)
        {
            hosts.Add(zone.Name.ToLowerInvariant());
            foreach (var w in estate.Workers) hosts.Add($"{w.Name}.{zone.Name}".ToLowerInvariant());
        }
        return hosts;
    }
}
