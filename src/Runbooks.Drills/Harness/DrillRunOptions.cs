using Runbooks.Core.Runs;
using Runbooks.Core.Secrets;
using Runbooks.Core.Timing;

namespace Runbooks.Drills.Harness;

/// <summary>How a batch of drills runs. Immutable; the CLI and tests build one.</summary>
public sealed record DrillRunOptions
{
    /// <summary>Overrides every drill's time scale (<c>--time-scale</c>); null to use the drill's, else the configured default.</summary>
    public TimeScale? TimeScale { get; init; }

    /// <summary>The time scale of a drill that names none and has no <c>--time-scale</c> (<c>.config/drills.json</c>).</summary>
    public TimeScale DefaultTimeScale { get; init; } = new(0.02);

    /// <summary>Which PostgreSQL database drills run against (<c>.config/drills.json</c> <c>postgres</c>, <c>--postgres</c>).</summary>
    public Environments.Postgres.PostgresSettings Postgres { get; init; } = Environments.Postgres.PostgresSettings.Default;

    /// <summary>Where reports (and each drill's work folder) go.</summary>
    public required string ReportDirectory { get; init; }

    /// <summary>The repository: <c>drills/</c>, <c>runbooks/</c>, <c>.config/</c>.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>The estate file (<c>--estate</c>); null reads <c>.config/estate.yaml</c> of <see cref="WorkingDirectory"/>.</summary>
    public string? EstatePath { get; init; }

    /// <summary>
    /// Load before the fault, real time: connections opened, JIT done, a healthy stretch the fault stands out against.
    /// Also how long before the fault a data-corruption drill's backup was taken. Half a second: the services are served in
    /// front of WireMock and need no warming of their own; a service still slow after it is measured through the steady
    /// state, which the fault waits for.
    /// </summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the service must hold a steady state (healthy, answering within half a bucket) before the fault.</summary>
    public TimeSpan SteadyStateWindow { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long, after the warm-up, the harness waits for a steady state before it declares the run invalid.</summary>
    public TimeSpan SteadyStateTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How often the harness reads the final buckets while waiting for detection and recovery.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Sees the runbook's steps (the CLI prints them).</summary>
    public IRunObserver? RunbookObserver { get; init; }

    /// <summary>The redactor the console already uses, so secrets the runbook's environment adds are masked there too.</summary>
    public SecretRedactor Redactor { get; init; } = new();

    /// <summary>Progress lines.</summary>
    public Action<string> Log { get; init; } = _ => { };

    /// <summary>Appends each drill's record to the drill history as it ends; null records nothing (tests, baseline runs).</summary>
    public History.DrillHistoryRecorder? History { get; init; }

    /// <summary>
    /// Drill the estate's staging section (<c>--env staging</c>) instead of the simulator: faults through the providers'
    /// public APIs, load on the staging hosts only, time scale 1, the pre-drill state restored.
    /// </summary>
    public bool Staging { get; init; }

    /// <summary>The operator's yes (<c>--yes</c>): without it a staging drill only says what it would do (exit 2).</summary>
    public bool AssumeYes { get; init; }

    /// <summary>Where a staging drill reads its tokens (the shell's environment; tests give their own).</summary>
    public Core.Sealing.RunVariables Shell { get; init; } = Core.Sealing.RunVariables.Process;

    /// <summary>Compare with <c>drills/baselines.json</c> (off when rewriting it).</summary>
    public bool CompareBaselines { get; init; } = true;
}
