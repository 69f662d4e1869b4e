namespace Runbooks.Drills.Definitions;
using Runbooks.Core.Timing;

/// <summary>
/// A drill as its <c>.drill.yaml</c> file states it: the runbook, the severity whose RTO applies, the fault, the load,
/// and the detect and recovered criteria. Durations are at real-world scale; the harness scales them.
/// </summary>
public sealed record DrillDefinition
{
    /// <summary>The drill's name (defaults to the file name).</summary>
    public required string Name { get; init; }

    /// <summary>The file it was read from.</summary>
    public required string SourcePath { get; init; }

    /// <summary>The runbook to run on detection; null for a calibration drill.</summary>
    public string? Runbook { get; init; }

    /// <summary>P0-P3: selects the RTO budget.</summary>
    public required string Severity { get; init; }

    /// <summary>Params passed to the runbook (the harness adds the simulated endpoints).</summary>
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();

    /// <summary>What goes wrong.</summary>
    public required FaultSpec Fault { get; init; }

    /// <summary>Synthetic users.</summary>
    public required LoadSpec Load { get; init; }

    /// <summary>
    /// When the fault counts as detected (the seeds' "&gt; 10% error rate for &gt; 2 minutes", "p95 +200% for 10 minutes"):
    /// when any of its conditions holds for the whole window.
    /// </summary>
    public required Criterion Detect { get; init; }

    /// <summary>How long after detection the runbook starts (a human acknowledging the page); zero for automatic triggers.</summary>
    public TimeSpan RespondAfter { get; init; }

    /// <summary>
    /// When the service counts as recovered (all of its conditions hold for the whole window); the recovery time is the
    /// start of the sustained window.
    /// </summary>
    public required Criterion Recovered { get; init; }

    /// <summary>The time scale this drill runs at unless <c>--time-scale</c> says otherwise; null for the configured default.</summary>
    public TimeScale? TimeScale { get; init; }

    /// <summary>The line of each param under <c>params:</c>, for errors about one of them.</summary>
    public IReadOnlyDictionary<string, int> ParamLines { get; init; } = new Dictionary<string, int>();

    /// <summary>Line of <c>runbook:</c> (or of the file's start), for errors about the runbook or its params.</summary>
    public int RunbookLine { get; init; } = 1;

    /// <summary>The RPO row the acknowledged writes are judged against (default user-data).</summary>
    public string RpoData { get; init; } = "user-data";

    /// <summary>
    /// The drill shows a known data loss (<c>expect: { rpo: breach }</c>, a restore from a nightly dump): its RPO breach is
    /// reported as measured and does not fail it; no breach does, as the instrument or the procedure then changed.
    /// </summary>
    public bool ExpectRpoBreach { get; init; }

    /// <summary>
    /// The runbook must change nothing (<c>expect: { readOnly: true }</c>, a status check): a write it sends to a simulated
    /// provider API fails the drill, naming the call.
    /// </summary>
    public bool ExpectReadOnly { get; init; }

    /// <summary>
    /// The drill's own <c>estate: { postgres: ... }</c>: who runs the database in this drill, in place of the estate
    /// file's <c>postgres:</c> section; null keeps the estate file's.
    /// </summary>
    public Core.Estates.EstatePostgres? Postgres { get; init; }
}

/// <summary>The fault: a kind from the fault catalog and its settings.</summary>
/// <param name="Kind">e.g. bad-deployment, outage.</param>
/// <param name="Settings">The other keys of the <c>fault:</c> mapping, as written.</param>
/// <param name="Line">Where the fault is declared, for error messages.</param>
public sealed record FaultSpec(string Kind, IReadOnlyDictionary<string, string> Settings, int Line)
{
    /// <summary>A duration setting, or <paramref name="fallback"/> when absent (validated on load).</summary>
    public TimeSpan Duration(string key, TimeSpan fallback)
        => Settings.TryGetValue(key, out var v) && DurationText.TryParse(v, out var d) ? d : fallback;
}

/// <summary>Load: requests per second at the service, and acknowledged writes per second to PostgreSQL.</summary>
/// <param name="Rate">Requests per second.</param>
/// <param name="Target">Which service the requests hit: worker, pages, vercel (simulated) or database (the application's read query).</param>
/// <param name="WriteRate">Acknowledged writes per second (0 for none).</param>
public sealed record LoadSpec(double Rate, LoadTarget Target, double WriteRate)
{
    /// <summary>The path requested on an HTTP target; null for the service's health path in the estate.</summary>
    public string? Path { get; init; }

    /// <summary>
    /// The drill database's table the acknowledged writes go into (each a copy of one of its rows under a new key); null for
    /// the harness's own ledger table, which no fault touches. Into the table a corruption damages, the writes made before
    /// it are damaged too, and a repair must bring those back as well as keep the ones made since.
    /// </summary>
    public string? WritesTo { get; init; }

    /// <summary>Line of <c>load:</c>, for errors about it.</summary>
    public int Line { get; init; } = 1;

    /// <summary>The estate's service the requests hit, by name; null for the estate's first of the target's kind.</summary>
    public string? Service { get; init; }

    /// <summary>
    /// A hostname of one of the estate's zones the requests go to (<c>https://HOST</c>), so the zone's rules, cache,
    /// routes and DNS stand between users and the service; null to hit the service's own URL.
    /// </summary>
    public string? Host { get; init; }

    /// <summary>The <see cref="Host"/> that means the Workers route of the service in the estate's first zone.</summary>
    public const string RouteHost = "route";

    /// <summary>
    /// HTTP statuses a user counts as served, e.g. <c>2xx</c> or <c>2xx,503</c> (a maintenance page is a controlled answer,
    /// not a broken one).
    /// </summary>
    public string Accept { get; init; } = "2xx";
}
