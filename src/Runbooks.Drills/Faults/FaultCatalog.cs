using System.Globalization;
using Runbooks.Drills.Definitions;
using Runbooks.Core.Timing;
using Runbooks.Providers.Postgres;

namespace Runbooks.Drills.Faults;

/// <summary>
/// The fault kinds a drill file may name, the settings each takes, and the class that injects it. Adding a fault is one
/// class and one line here.
/// </summary>
public static class FaultCatalog
{
    /// <summary>Every kind, by name.</summary>
    public static readonly IReadOnlyDictionary<string, FaultKind> Kinds = new[]
    {
        new FaultKind("bad-deployment", "a Worker deployment that answers 5xx; rollback restores the previous version", ["propagation"],
            (_, _) => new BadDeploymentFault()),
        new FaultKind("bad-pages-deployment", "a Pages deployment that answers 5xx; rollback restores the previous one", ["propagation"],
            (_, _) => new BadPagesDeploymentFault()),
        new FaultKind("vercel-bad-deployment", "a Vercel production deployment that answers 5xx; instant rollback restores the previous one", ["propagation"],
            (_, _) => new VercelBadDeploymentFault()),
        new FaultKind("broken-migration", "a migration that breaks the application's queries; rolling the schema back restores it", ["migration"],
            (d, _) => new BrokenMigrationFault(d.Fault.Settings.GetValueOrDefault("migration", "0011_rename_pitch_title"))),
        new FaultKind("data-corruption", "rows deleted in one transaction; restoring the dump (`backupAge` old, simulated; `format` custom or plain SQL) recovers them, losing the writes since, or, with `backup: base`, a point-in-time repair recovers them losing nothing: from the base backup and the WAL archive, or through the estate's postgres provider's restore (Neon branch restore, Supabase PITR)", ["table", "rows", "backupAge", "format", "backup"],
            (d, _) => d.Fault.Settings.GetValueOrDefault("backup") == "base"
                ? new ArchivedDataCorruptionFault(d.Fault.Settings.GetValueOrDefault("table", "pitches"), RowsOf(d), d.Postgres?.Provider)
                : new DataCorruptionFault(d.Fault.Settings.GetValueOrDefault("table", "pitches"), RowsOf(d),
                    d.Fault.Duration("backupAge", TimeSpan.Zero),
                    d.Fault.Settings.GetValueOrDefault("format") == "plain" ? DbBackupFormat.Plain : DbBackupFormat.Custom)),
        new FaultKind("provider-rate-limit", "the target's bad release goes live and its provider API answers 429 with Retry-After while the runbook calls it", ["propagation", "retryAfter", "count"],
            (d, _) => new ProviderRateLimitFault(ReleaseOf(d), d.Fault.Duration("retryAfter", TimeSpan.FromSeconds(1)),
                d.Fault.Settings.TryGetValue("count", out var c) ? int.Parse(c, CultureInfo.InvariantCulture) : 2)),
        new FaultKind("provider-outage", "the target's bad release goes live and its provider API answers 5xx for `duration`", ["propagation", "duration"],
            (d, scale) => new ProviderOutageFault(ReleaseOf(d), scale.ToDrill(d.Fault.Duration("duration", TimeSpan.FromSeconds(30))))),
        new FaultKind("outage", "calibration: the service (or, on the database target, the table it reads) fails for exactly `duration`, then heals by itself; no runbook", ["duration"],
            (d, scale) => d.Load.Target == LoadTarget.Database
                ? new DatabaseOutageFault(scale.ToDrill(d.Fault.Duration("duration", TimeSpan.FromSeconds(4))))
                : new OutageFault(scale.ToDrill(d.Fault.Duration("duration", TimeSpan.FromSeconds(4)))), NeedsRunbook: false),
        new FaultKind("propagated-outage", "calibration: the Worker's bad release, rolled back at once through the simulated API; the simulator's propagation heals it; no runbook",
            ["propagation"], (_, _) => new PropagatedOutageFault(), NeedsRunbook: false),
        new FaultKind("bad-deployments", "a release that fails on every Worker of the estate at once; each one's rollback restores its previous version", ["propagation"],
            (_, _) => new EstateReleaseFault()),
        new FaultKind("secret-changed", "a Worker secret the service needs is put with a wrong value and serves at once; putting back the known-good value restores it",
            ["secret", "propagation"], (d, _) => new SecretChangedFault(d.Fault.Settings.GetValueOrDefault("secret"))),
        new FaultKind("runaway-processing", "a Vercel release whose background processing fails every request while `switch` (PROCESSING_ENABLED) is on; only a build with it off recovers",
            ["switch", "propagation"], (d, _) => new RunawayProcessingFault(d.Fault.Settings.GetValueOrDefault("switch", "PROCESSING_ENABLED"))),
        new FaultKind("var-changed", "a var the Worker needs gets a wrong value through its settings and serves at once; the known-good version's vars restore it",
            ["var", "value", "propagation"], (d, _) => new VarChangedFault(d.Fault.Settings.GetValueOrDefault("var"), d.Fault.Settings.GetValueOrDefault("value", "drill-wrong-value"))),
        new FaultKind("bad-releases", "the Worker's last `count` (2) releases all fail, so the previous version is bad too; a known-good bundle restores it",
            ["count", "propagation"], (d, _) => new BadHistoryFault(d.Fault.Settings.TryGetValue("count", out var n) ? int.Parse(n, CultureInfo.InvariantCulture) : 2)),
        new FaultKind("stale-cache", "the zone's edge cache serves a broken release's cached answers (HIT) on the load's host after the release is gone; a purge restores it",
            ["status"], (d, _) => new StaleCacheFault(d.Fault.Settings.TryGetValue("status", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : 500)),
        new FaultKind("worker-down", "the Worker fails whatever version it runs (its region is down); moving the host's route or record to a healthy standby restores it",
            ["standby"], (d, _) => new WorkerDownFault(d.Fault.Settings.GetValueOrDefault("standby"))),
        new FaultKind("strict-rate-limit", "a rate-limit rule on the load's host allows a tenth of the users' rate (or `limit` per `period` s), so most get 429; raising it restores them",
            ["limit", "period"], (d, _) => new StrictRateLimitFault(d.Fault.Settings.TryGetValue("limit", out var l) ? int.Parse(l, CultureInfo.InvariantCulture) : null,
                d.Fault.Settings.TryGetValue("period", out var p) ? int.Parse(p, CultureInfo.InvariantCulture) : 10)),
        new FaultKind("secret-leaked", "a Worker's secrets leak: an attacker uses its API key (served is a failure, 401 is right), another provider revokes its key; rotating them restores it",
            ["secrets", "propagation"], (d, _) => new SecretLeakedFault(d.Fault.Settings.TryGetValue("secrets", out var s) ? s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null)),
        new FaultKind("slow-deployment", "a Worker deployment that answers every request after `latency` (real per request at any scale); rollback restores the previous version",
            ["latency", "propagation"], (d, _) => new SlowDeploymentFault(d.Fault.Duration("latency", TimeSpan.FromMilliseconds(1500)))),
        new FaultKind("provider-down", "the upstream provider a Worker var chooses (`var`) is down (`providers`: the one in use, named ones, or all), so the Worker answers 502; switching the var restores it",
            ["var", "providers", "propagation"], (d, _) => new ProviderDownFault(d.Fault.Settings.GetValueOrDefault("var"),
                d.Fault.Settings.TryGetValue("providers", out var p) ? p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null)),
        new FaultKind("release-and-migration", "every Worker gets a bad release and a broken migration reaches the database at once; only app and schema both rolled back restore it",
            ["migration", "propagation"], (d, _) => new CompositeFault(new EstateReleaseFault(),
                new BrokenMigrationFault(d.Fault.Settings.GetValueOrDefault("migration", "0011_rename_pitch_title")))),
    }.ToDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>The names, for error messages.</summary>
    public static string Names => string.Join(", ", Kinds.Keys);

    /// <summary>The fault <paramref name="drill"/> names, built for <paramref name="scale"/>.</summary>
    public static DrillFault Create(DrillDefinition drill, TimeScale scale) => Kinds[drill.Fault.Kind].Create(drill, scale);

    /// <summary>The bad release of the drill's load target, for faults that break the provider while the service is down.</summary>
    private static int? RowsOf(DrillDefinition d)
        => d.Fault.Settings.TryGetValue("rows", out var r) && r != "all" ? int.Parse(r, CultureInfo.InvariantCulture) : null;

    private static DrillFault ReleaseOf(DrillDefinition drill) => drill.Load.Target switch
    {
        LoadTarget.Pages => new BadPagesDeploymentFault(),
        LoadTarget.Vercel => new VercelBadDeploymentFault(),
        _ => new BadDeploymentFault(),
    };
}

/// <summary>A fault kind: its name, what it does, the settings its <c>fault:</c> mapping may have, and how it is built.</summary>
/// <param name="Name">As written in drill files.</param>
/// <param name="Description">One line for <c>drill list</c> and reports.</param>
/// <param name="Settings">Allowed keys besides <c>kind</c>.</param>
/// <param name="Create">Builds the fault for a drill at a time scale.</param>
/// <param name="NeedsRunbook">False only for calibration faults, which heal by themselves.</param>
public sealed record FaultKind(string Name, string Description, IReadOnlyList<string> Settings,
    Func<DrillDefinition, TimeScale, DrillFault> Create, bool NeedsRunbook = true);
