using Runbooks.Core.Sealing;
using Runbooks.Drills.Definitions;
using Runbooks.Drills.Environments.Simulator;
using Runbooks.Providers;
using Runbooks.Providers.Postgres;
using Runbooks.Core.Timing;
using Runbooks.Core.Estates;

namespace Runbooks.Drills.Environments;

/// <summary>
/// What one drill runs against, prepared fresh by <see cref="DrillEnvironment.PrepareAsync"/>: the simulator reset to the
/// drill's (scaled) propagation delay, a database of its own cloned from the seeded template, a work folder for backups
/// and migrations, and the settings that point the runbook at all of it.
/// </summary>
public sealed class DrillSite
{
    private readonly SimulatorHost? _simulator;
    private readonly Staging.StagingTarget? _staging;

    internal DrillSite(DrillDefinition drill, RunClock clock, Estate estate, string repositoryRoot, string workDirectory, SimulatorHost? simulator,
        string? databaseName, string? databaseConnectionString, Action<string> log, Staging.StagingTarget? staging = null, Faults.DrillFault? fault = null)
    {
        _staging = staging;
        Fault = fault;
        Drill = drill;
        Estate = estate;
        Clock = clock;
        RepositoryRoot = repositoryRoot;
        WorkDirectory = workDirectory;
        _simulator = simulator;
        DatabaseName = databaseName;
        DatabaseConnectionString = databaseConnectionString;
        Log = log;
    }

    /// <summary>Whether the drill runs against staging (the estate's <c>staging</c> section) rather than the simulator.</summary>
    public bool IsStaging => _staging is not null;

    /// <summary>The fault this site causes its own way (staging: through the public API); null for the catalog's.</summary>
    public Faults.DrillFault? Fault { get; }

    /// <summary>The drill.</summary>
    public DrillDefinition Drill { get; }

    /// <summary>
    /// The drill's clock: its scale, and the simulated time recorded on it (the runbook's provider waits, the spans the
    /// fault and the simulator imposed). The runbook runs on this same clock.
    /// </summary>
    public RunClock Clock { get; }

    /// <summary>The time scale the drill runs at.</summary>
    public TimeScale Scale => Clock.Scale;

    /// <summary>The repository (its <c>drills/</c>, <c>runbooks/</c> and <c>.config/</c>).</summary>
    public string RepositoryRoot { get; }

    /// <summary>The drill's own folder: backups, migrations, the runbook's journal.</summary>
    public string WorkDirectory { get; }

    /// <summary>Where backups of the drill's database go.</summary>
    public string BackupDirectory => Path.Combine(WorkDirectory, "backups");

    /// <summary>The drill's copy of <c>drills/db/migrations</c>, which a migration fault adds to.</summary>
    public string MigrationsDirectory => Path.Combine(WorkDirectory, "migrations");

    /// <summary>The simulator; a drill whose fault or load does not need one has none.</summary>
    public SimulatorHost Simulator => _simulator ?? throw new InvalidOperationException($"Drill {Drill.Name} has no simulator: its load target and fault do not use one.");

    /// <summary>Whether the drill has a simulator of its own (a database-only drill has none).</summary>
    public bool HasSimulator => _simulator is not null;

    /// <summary>Where the drill's PostgreSQL archives its WAL, when it does (a drill with a point-in-time repair).</summary>
    public string? WalArchiveDirectory { get; init; }

    /// <summary>How the drill's server takes a base backup when it cannot be reached with <c>pg_basebackup</c> over its port (a container); null otherwise.</summary>
    public Func<string, CancellationToken, Task>? TakeBaseBackup { get; init; }

    /// <summary>The drill's database, when it has one.</summary>
    public string? DatabaseName { get; }

    /// <summary>Npgsql connection string of the drill's database (what the runbook gets as <c>DATABASE_URL</c>).</summary>
    public string? DatabaseConnectionString { get; }

    /// <summary>Progress lines for the console.</summary>
    public Action<string> Log { get; }

    /// <summary>Which provider API the load target belongs to.</summary>
    public SimulatedApi Api => Drill.Load.Target == LoadTarget.Vercel ? SimulatedApi.Vercel : SimulatedApi.Cloudflare;

    /// <summary>The estate the drill runs against.</summary>
    public Estate Estate { get; }

    /// <summary>The kind of service the load hits; null for the database target.</summary>
    public EstateServiceKind? ServiceKind => Drill.Load.Target switch
    {
        LoadTarget.Pages => EstateServiceKind.Pages,
        LoadTarget.Vercel => EstateServiceKind.Vercel,
        LoadTarget.Worker => EstateServiceKind.Worker,
        _ => null,
    };

    /// <summary>
    /// The estate's service the load hits: <c>load.service</c>, else the one the drill's params name (<c>worker</c> or
    /// <c>project</c>), else the estate's first of its kind; null for the database target.
    /// </summary>
    public string? ServiceName => _staging is { Url: not null } twin ? twin.Name : ServiceOf(Drill, Estate);

    /// <summary>
    /// The service <paramref name="drill"/>'s load hits in <paramref name="estate"/> (see <see cref="ServiceName"/>); a name
    /// the estate does not run, or an estate with no service of the target's kind, is bad input saying so.
    /// </summary>
    public static string? ServiceOf(DrillDefinition drill, Estate estate)
    {
        var named = drill.Load.Service ?? (drill.Load.Target.ServiceParam() is { } p ? drill.Params.GetValueOrDefault(p) : null);
        var name = drill.Load.Target switch
        {
            LoadTarget.Pages => named is not null ? estate.Pages(named).Name : estate.PagesProjects.FirstOrDefault()?.Name,
            LoadTarget.Vercel => named is not null ? estate.VercelProject(named).Name : estate.VercelProjects.FirstOrDefault()?.Name,
            LoadTarget.Worker => named is not null ? estate.Worker(named).Name : estate.Workers.FirstOrDefault()?.Name,
            _ => null,
        };
        if (drill.Load.Host is { } host && host != LoadSpec.RouteHost) estate.ZoneOf(host);
        else if (drill.Load.Host is not null && estate.Zones.Count == 0) throw new Core.Errors.BadInputException("host 'route' needs a zone in the estate; it has none.");
        return name is null && drill.Load.Target.IsHttp()
            ? throw new Core.Errors.BadInputException($"the estate names no service for load target '{drill.Load.Target.Name()}'.")
            : name;
    }

    /// <summary>The health path the estate gives the load's service.</summary>
    public string? HealthPath => (ServiceKind, ServiceName) switch
    {
        (EstateServiceKind.Pages, { } n) => Estate.Pages(n).Health,
        (EstateServiceKind.Vercel, { } n) => Estate.VercelProject(n).Health,
        (EstateServiceKind.Worker, { } n) => Estate.Worker(n).Health,
        _ => null,
    };

    /// <summary>
    /// The hostname users reach the service by (<c>load.host</c>; <c>route</c> is the host of the Workers route the
    /// simulated zone gives each service, <c>SERVICE.ZONE</c>), or null when they reach its own URL.
    /// </summary>
    public string? Host => HostOf(Drill, Estate);

    /// <summary>The hostname <paramref name="drill"/>'s load reaches its service by in <paramref name="estate"/> (see <see cref="Host"/>).</summary>
    public static string? HostOf(DrillDefinition drill, Estate estate) => drill.Load.Host switch
    {
        null => null,
        LoadSpec.RouteHost => $"{ServiceOf(drill, estate)}.{estate.Zones.FirstOrDefault()?.Name ?? throw new Core.Errors.BadInputException("host 'route' needs a zone in the estate; it has none.")}",
        var host => host,
    };

    /// <summary>
    /// The service's root URL (the runbook's <c>url</c> param): the hostname's, through its zone, when the drill names one;
    /// null for the database target.
    /// </summary>
    public string? ServiceRootUrl => _staging?.Url ?? (_simulator is null || ServiceKind is not { } kind || ServiceName is not { } name ? null
        : Host is { } host ? _simulator.HostUrl(host) : _simulator.ServiceUrl(kind, name));

    /// <summary>What the HTTP load requests: the drill's <c>load.path</c>, else the service's health path.</summary>
    public Uri? ServiceUrl => ServiceRootUrl is { } root ? new Uri(root + (Drill.Load.Path ?? HealthPath ?? "/")) : null;

    /// <summary>
    /// The variables the runbook runs with, built from scratch: the simulator's API settings and placeholder tokens when
    /// the drill has a simulator, <c>DATABASE_URL</c> when it has a database, and nothing of the shell's.
    /// </summary>
    public RunVariables RunbookVariables => RunbookVariablesWith(new Dictionary<string, string>());

    /// <summary>
    /// <see cref="RunbookVariables"/> plus <paramref name="secrets"/>: what the fault hands the runbook as a team's vault
    /// would (a secret's known-good value). Sealed like the rest, so each value is masked wherever the run writes.
    /// </summary>
    public RunVariables RunbookVariablesWith(IReadOnlyDictionary<string, string> secrets)
    {
        var vars = new Dictionary<string, string>(_staging?.Variables ?? _simulator?.EnvironmentVariables ?? new Dictionary<string, string>());
        if (DatabaseConnectionString is not null) vars[DbClient.DefaultSecret] = DatabaseConnectionString;
        foreach (var (k, v) in secrets) vars[k] = v;
        return RunVariables.Sealed(vars);
    }

    /// <summary>
    /// Loopback only; a service the drill did not start is refused by name when the runbook calls it. In staging: only
    /// the hosts of the staging section.
    /// </summary>
    public EndpointPolicy RunbookEndpoints
    {
        get
        {
            if (_staging is not null) return EndpointPolicy.Only(_staging.Hosts);
            var absent = new Dictionary<string, string>(StringComparer.Ordinal);
            if (_simulator is null)
            {
                absent["Cloudflare"] = "Cloudflare simulator";
                absent["Vercel"] = "Vercel simulator";
                absent["Neon"] = "Neon simulator";
                absent["Supabase"] = "Supabase simulator";
            }
            if (DatabaseConnectionString is null) absent["Db"] = "database";
            return EndpointPolicy.Drill(absent);
        }
    }

    /// <summary>A client on the drill's database, with the drill's migrations and backup folder.</summary>
    public DbClient Database() => new(ProviderContext.ForTools(line => Log("    " + line)), new DbClientOptions
    {
        ConnectionString = DatabaseConnectionString ?? throw new InvalidOperationException($"Drill {Drill.Name} has no database: its load target and fault do not use one."),
        MigrationsDirectory = MigrationsDirectory,
        BackupDirectory = BackupDirectory,
    });
}
