using Runbooks.Core.Errors;

namespace Runbooks.Core.Estates;

/// <summary>
/// What the team runs, written once in <c>.config/estate.yaml</c>: its Cloudflare account, zones, Workers and Pages
/// projects, its Vercel team and projects, and their staging twins. The simulator models exactly this, drills take their
/// defaults from it, and runbooks read it as <c>Estate</c> (so a runbook names no Worker of its own).
/// </summary>
public sealed class Estate
{
    /// <summary>An estate with nothing in it (a runbook run where no estate file exists).</summary>
    public static Estate Empty { get; } = new(null, null, [], [], [], null, [], null);

    /// <summary>Creates an estate; <see cref="EstateFile.Read"/> is the usual way.</summary>
    public Estate(string? source, string? cloudflareAccountId, IReadOnlyList<EstateZone> zones, IReadOnlyList<EstateWorker> workers,
        IReadOnlyList<EstatePagesProject> pagesProjects, string? vercelTeamId, IReadOnlyList<EstateVercelProject> vercelProjects, EstateStaging? staging,
        EstatePostgres? postgres = null)
    {
        Postgres = postgres ?? EstatePostgres.SelfManaged;
        Source = source;
        CloudflareAccountId = cloudflareAccountId;
        Zones = zones;
        Workers = workers;
        PagesProjects = pagesProjects;
        VercelTeamId = vercelTeamId;
        VercelProjects = vercelProjects;
        Staging = staging;
    }

    /// <summary>The file it was read from, for messages; null when built in code.</summary>
    public string? Source { get; }

    /// <summary>The Cloudflare account id (32 hex digits).</summary>
    public string? CloudflareAccountId { get; }

    /// <summary>The zones.</summary>
    public IReadOnlyList<EstateZone> Zones { get; }

    /// <summary>The Workers, in the file's order.</summary>
    public IReadOnlyList<EstateWorker> Workers { get; }

    /// <summary>The Pages projects.</summary>
    public IReadOnlyList<EstatePagesProject> PagesProjects { get; }

    /// <summary>The Vercel team id.</summary>
    public string? VercelTeamId { get; }

    /// <summary>The Vercel projects.</summary>
    public IReadOnlyList<EstateVercelProject> VercelProjects { get; }

    /// <summary>The staging twins, when the estate names them.</summary>
    public EstateStaging? Staging { get; }

    /// <summary>Who runs the production PostgreSQL (<c>postgres:</c>); self-managed when the estate does not say.</summary>
    public EstatePostgres Postgres { get; }

    /// <summary>The same estate with <paramref name="postgres"/> as its <c>postgres:</c> section (a drill that names its own).</summary>
    public Estate WithPostgres(EstatePostgres postgres)
        => new(Source, CloudflareAccountId, Zones, Workers, PagesProjects, VercelTeamId, VercelProjects, Staging, postgres);

    /// <summary>The Worker named <paramref name="name"/>; an unknown name is bad input naming the ones there are.</summary>
    public EstateWorker Worker(string name)
        => Workers.FirstOrDefault(w => w.Name == name) ?? throw Unknown("Worker", name, Workers.Select(w => w.Name));

    /// <summary>The Pages project named <paramref name="name"/>.</summary>
    public EstatePagesProject Pages(string name)
        => PagesProjects.FirstOrDefault(p => p.Name == name) ?? throw Unknown("Pages project", name, PagesProjects.Select(p => p.Name));

    /// <summary>The Vercel project with <paramref name="nameOrId"/> as its name or id.</summary>
    public EstateVercelProject VercelProject(string nameOrId)
        => VercelProjects.FirstOrDefault(p => p.Name == nameOrId || p.Id == nameOrId) ?? throw Unknown("Vercel project", nameOrId, VercelProjects.Select(p => p.Name));

    /// <summary>The zone named <paramref name="nameOrId"/> (a domain) or with that id.</summary>
    public EstateZone Zone(string nameOrId)
        => Zones.FirstOrDefault(z => z.Name == nameOrId || z.Id == nameOrId) ?? throw Unknown("zone", nameOrId, Zones.Select(z => z.Name));

    /// <summary>The zone <paramref name="host"/> belongs to (the domain itself or a name below it); bad input naming the zones when none.</summary>
    public EstateZone ZoneOf(string host)
        => Zones.FirstOrDefault(z => host == z.Name || host.EndsWith("." + z.Name, StringComparison.Ordinal))
            ?? throw new Errors.BadInputException($"host '{host}' is in none of the estate's zones ({(Zones.Count == 0 ? "it has none" : string.Join(", ", Zones.Select(z => z.Name)))}).");

    /// <summary>
    /// The same estate with each service's <c>Url</c> set by <paramref name="urlOf"/> (a drill points them at the
    /// simulator); a null answer keeps the service's own.
    /// </summary>
    public Estate WithServiceUrls(Func<EstateServiceKind, string, string?> urlOf)
        => new(Source, CloudflareAccountId, Zones,
            [.. Workers.Select(w => w with { Url = urlOf(EstateServiceKind.Worker, w.Name) ?? w.Url })],
            [.. PagesProjects.Select(p => p with { Url = urlOf(EstateServiceKind.Pages, p.Name) ?? p.Url })],
            VercelTeamId,
            [.. VercelProjects.Select(p => p with { Url = urlOf(EstateServiceKind.Vercel, p.Name) ?? p.Url })],
            Staging, Postgres);

    /// <summary>
    /// The estate as a staging drill's runbook sees it: the staging account, and each service that has a staging twin
    /// under the twin's name and URL (health and critical paths as in production); production names appear nowhere.
    /// Null when the estate has no staging section.
    /// </summary>
    public Estate? StagingView()
    {
        if (Staging is not { } staging) return null;
        return new Estate(Source, staging.CloudflareAccountId, [],
            [.. Workers.Where(w => staging.Workers.ContainsKey(w.Name)).Select(w => w with { Name = staging.Workers[w.Name].Name, Url = staging.Workers[w.Name].Url })],
            [], staging.VercelTeamId,
            [.. VercelProjects.Where(p => staging.VercelProjects.ContainsKey(p.Name))
                .Select(p => p with { Name = staging.VercelProjects[p.Name].Name, Url = staging.VercelProjects[p.Name].Url })],
            null);
    }

    private BadInputException Unknown(string what, string name, IEnumerable<string> known)
    {
        var names = known.ToList();
        var where = Source is null ? "the estate" : Source;
        return new BadInputException(names.Count == 0
            ? $"{what} '{name}' is not in {where}: it names no {what} at all."
            : $"{what} '{name}' is not in {where}; it has: {string.Join(", ", names)}.");
    }
}
