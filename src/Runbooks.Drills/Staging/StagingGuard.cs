using Runbooks.Core.Errors;
using Runbooks.Core.Estates;
using Runbooks.Core.Sealing;
using Runbooks.Core.Timing;
using Runbooks.Drills.Definitions;
using Runbooks.Providers.Postgres;

namespace Runbooks.Drills.Staging;

/// <summary>
/// Decides, before anything starts, whether drills may run against staging (DESIGN.md, "Modes and safety"): the estate
/// has a staging section and a twin for each drilled service; nothing in it is production's (account, team, service
/// name, host, database, token); the fault can be caused through the providers' public APIs; the time scale is 1; and
/// the operator said <c>--yes</c>. Anything else is bad input (exit 2) naming what is wrong, or, without <c>--yes</c>,
/// what each drill would do.
/// </summary>
public static class StagingGuard
{
    /// <summary>The secret holding the staging Cloudflare token.</summary>
    public const string CloudflareToken = "STAGING_CLOUDFLARE_API_TOKEN";

    /// <summary>The secret holding the staging Vercel token.</summary>
    public const string VercelToken = "STAGING_VERCEL_TOKEN";

    /// <summary>Checks <paramref name="drills"/> against <paramref name="estate"/>; returns each drill's target.</summary>
    public static IReadOnlyList<StagingTarget> Check(IReadOnlyList<DrillDefinition> drills, Estate estate, RunVariables shell, TimeScale? requestedScale, bool assumeYes,
        Func<DrillDefinition, string> display)
    {
        var staging = estate.Staging ?? throw new BadInputException("The estate has no staging section: `drill run --env staging` drills only what it names (see DESIGN.md, the estate).");
        if (requestedScale is { } scale && scale != TimeScale.RealTime)
            throw new BadInputException($"Staging drills run at time scale 1: real providers do not run faster (--time-scale {scale} given).");
        if (staging.DatabaseSecret is DbClient.DefaultSecret)
            throw new BadInputException("staging.database names DATABASE_URL, production's secret: name the staging database's own secret (e.g. STAGING_DATABASE_URL).");
        if (staging.DatabaseSecret is { } db && shell.Get(db) is { } stagingDb && shell.Get(DbClient.DefaultSecret) is { } productionDb && stagingDb == productionDb)
            throw new BadInputException($"{db} holds the same connection string as DATABASE_URL (production's): refused.");
        var productionHosts = ProductionHosts(estate);
        var targets = new List<StagingTarget>();
        foreach (var drill in drills)
        {
            var where = display(drill);
            var kind = StagingFaultKinds.Of(drill.Fault.Kind)
                ?? throw new BadInputException($"{where}: fault '{drill.Fault.Kind}' cannot be caused in staging yet; staging drills cause "
                    + $"{string.Join(", ", StagingFaultKinds.DrillKinds)} through the provider's public API (data: on the staging database only).");
            if (drill.Load.Host is not null)
                throw new BadInputException($"{where}: a staging drill loads its service's staging twin by the twin's own URL (no load host).");
            targets.Add(kind switch
            {
                StagingFaultKind.WorkerBadDeployment => WorkerTarget(drill, where, estate, staging, shell, productionHosts),
                StagingFaultKind.VercelBadDeployment => VercelTarget(drill, where, estate, staging, shell, productionHosts),
                _ => DatabaseTarget(drill, where, staging, shell),
            });
        }
        if (!assumeYes)
            throw new BadInputException("Staging drills change staging; pass --yes to run them. They would:" + Environment.NewLine
                + string.Join(Environment.NewLine, drills.Zip(targets, (d, t) => $"  {d.Name}: {WouldDo(d, t, staging)}")));
        return targets;
    }

    private static string WouldDo(DrillDefinition drill, StagingTarget target, EstateStaging staging)
    {
        var load = target.Url is { } url ? $"send {Math.Min(drill.Load.Rate, staging.MaxRate):0.#} req/s to {url}"
            : $"read the staging database {target.Name} {Math.Min(drill.Load.Rate, staging.MaxRate):0.#} times a second";
        var run = $"run {drill.Runbook}" + (target.Url is null ? "" : $" with {(target.Fault == StagingFaultKind.WorkerBadDeployment ? "worker" : "project")}={target.Name}");
        return target.Fault switch
        {
            StagingFaultKind.WorkerBadDeployment => $"upload a failing version of Worker {target.Name} through {staging.CloudflareApiBaseUrl} and deploy it, {load}, {run}, "
                + "then deploy the version that served before the drill again if anything else serves.",
            StagingFaultKind.VercelBadDeployment => $"set the app's fault flag on Vercel project {target.Name} through {staging.VercelApiBaseUrl} and redeploy production with it, "
                + $"{load}, {run}, then put its env vars back as they were and promote the deployment that served before the drill if anything else serves.",
            _ => $"back up the staging database {target.Name} (from {staging.DatabaseSecret}) and verify the backup, delete rows of table "
                + $"{drill.Fault.Settings.GetValueOrDefault("table", "pitches")}, {load}, {run}, then restore that backup if the table does not match it.",
        };
    }

    private static StagingTarget WorkerTarget(DrillDefinition drill, string where, Estate estate, EstateStaging staging, RunVariables shell, HashSet<string> productionHosts)
    {
        if (staging.CloudflareAccountId is null)
            throw new BadInputException("The estate's staging.cloudflare.accountId is missing: a staging drill needs the staging account.");
        if (staging.CloudflareAccountId == estate.CloudflareAccountId)
            throw new BadInputException($"staging.cloudflare.accountId is production's account ({estate.CloudflareAccountId}): refused.");
        var token = Token(shell, CloudflareToken, "CLOUDFLARE_API_TOKEN", "Cloudflare");
        if (drill.Load.Target != LoadTarget.Worker)
            throw new BadInputException($"{where}: a staging bad-deployment drill loads a Worker's staging twin (load target worker).");
        var (production, twin, host) = Twin(drill, where, estate, staging.Workers, "Worker", "staging.cloudflare.workers", productionHosts);
        return new StagingTarget(StagingFaultKind.WorkerBadDeployment, production, twin.Name, twin.Url.TrimEnd('/'), new Dictionary<string, string>
        {
            ["CLOUDFLARE_API_BASE_URL"] = staging.CloudflareApiBaseUrl,
            ["CLOUDFLARE_API_TOKEN"] = token,
            ["CLOUDFLARE_ACCOUNT_ID"] = staging.CloudflareAccountId,
        }, [new Uri(staging.CloudflareApiBaseUrl).Host, host]);
    }

    private static StagingTarget VercelTarget(DrillDefinition drill, string where, Estate estate, EstateStaging staging, RunVariables shell, HashSet<string> productionHosts)
    {
        if (staging.VercelTeamId is { } team && team == estate.VercelTeamId)
            throw new BadInputException($"staging.vercel.teamId is production's team ({team}): refused.");
        var token = Token(shell, VercelToken, "VERCEL_TOKEN", "Vercel");
        if (drill.Load.Target != LoadTarget.Vercel)
            throw new BadInputException($"{where}: a staging vercel-bad-deployment drill loads a Vercel project's staging twin (load target vercel).");
        var (production, twin, host) = Twin(drill, where, estate, staging.VercelProjects, "Vercel project", "staging.vercel.projects", productionHosts);
        if (estate.VercelProject(production).FaultFlag is null)
            throw new BadInputException($"{where}: Vercel project {production} has no faultFlag in the estate (vercel.projects[].faultFlag, like {{ DRILL_FAULT: fail }}): "
                + "a staging drill breaks a build only through the app's own fault flag and a redeploy.");
        var variables = new Dictionary<string, string> { ["VERCEL_API_BASE_URL"] = staging.VercelApiBaseUrl, ["VERCEL_TOKEN"] = token };
        if (staging.VercelTeamId is { } stagingTeam) variables["VERCEL_TEAM_ID"] = stagingTeam;
        return new StagingTarget(StagingFaultKind.VercelBadDeployment, production, twin.Name, twin.Url.TrimEnd('/'), variables, [new Uri(staging.VercelApiBaseUrl).Host, host]);
    }

    private static StagingTarget DatabaseTarget(DrillDefinition drill, string where, EstateStaging staging, RunVariables shell)
    {
        if (drill.Load.Target != LoadTarget.Database)
            throw new BadInputException($"{where}: a staging data-corruption drill loads the staging database (load target database).");
        if (drill.Load.WriteRate > 0)
            throw new BadInputException($"{where}: a staging drill does not write its RPO ledger into the staging database; drop load.writes.");
        if (drill.Fault.Settings.GetValueOrDefault("format") == "plain")
            throw new BadInputException($"{where}: a staging data drill restores only from a backup it can verify (custom format with its snapshot); drop format: plain.");
        var secret = staging.DatabaseSecret ?? throw new BadInputException($"{where}: the estate's staging section names no database secret (staging.database, like STAGING_DATABASE_URL).");
        var url = shell.Get(secret) ?? throw new BadInputException($"{secret} is not set: export the staging database's URL (never production's).");
        var settings = DatabaseUrl.Parse(url, secret);
        if (shell.Get(DbClient.DefaultSecret) is { } productionUrl && SameDatabase(settings, DatabaseUrl.Parse(productionUrl)))
            throw new BadInputException($"{secret} names the same database as DATABASE_URL (production's), {DatabaseUrl.Describe(settings)}: refused.");
        var host = settings.Host ?? throw new BadInputException($"{secret} names no host.");
        return new StagingTarget(StagingFaultKind.DataCorruption, secret, settings.Database ?? settings.Username ?? "postgres", null,
            new Dictionary<string, string> { [DbClient.DefaultSecret] = url }, [host]);
    }

    private static bool SameDatabase(Npgsql.NpgsqlConnectionStringBuilder a, Npgsql.NpgsqlConnectionStringBuilder b)
        => string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port && a.Database == b.Database;

    private static string Token(RunVariables shell, string staging, string production, string provider)
    {
        var token = shell.Get(staging) ?? throw new BadInputException($"{staging} is not set: export the staging {provider} token (never production's).");
        if (shell.Get(production) is { } productionToken && productionToken == token)
            throw new BadInputException($"{staging} is the same token as {production} (production's): refused.");
        return token;
    }

    // The drilled service's staging twin: present, not named as production's service, not on a production host.
    private static (string Production, EstateStagingService Twin, string Host) Twin(DrillDefinition drill, string where, Estate estate,
        IReadOnlyDictionary<string, EstateStagingService> twins, string what, string section, HashSet<string> productionHosts)
    {
        var production = Environments.DrillSite.ServiceOf(drill, estate)!;
        if (!twins.TryGetValue(production, out var twin))
            throw new BadInputException($"{where}: {what} {production} has no staging twin in the estate ({section}).");
        if (twin.Name == production)
            throw new BadInputException($"{where}: the staging twin of {production} has production's name: refused.");
        var host = new Uri(twin.Url).Host.ToLowerInvariant();
        if (productionHosts.Contains(host))
            throw new BadInputException($"{where}: the staging URL {twin.Url} is a production host ({host}): refused.");
        return (production, twin, host);
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
