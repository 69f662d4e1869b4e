using Runbooks.Drills.Environments;

namespace Runbooks.Drills.Faults;

/// <summary>
/// One kind of failure a drill injects. The harness calls <see cref="ArrangeAsync"/> before load starts (the service is
/// healthy), <see cref="InjectAsync"/> at the fault point, <see cref="HealAsync"/> when a self-healing fault's time is up,
/// and <see cref="CleanUpAsync"/> after the drill whatever happened. A new kind is one subclass and one catalog line.
/// </summary>
public abstract class DrillFault
{
    /// <summary>Whether the fault acts on the simulated providers (WireMock).</summary>
    public virtual bool NeedsSimulator => false;

    /// <summary>Whether the fault acts on PostgreSQL.</summary>
    public virtual bool NeedsPostgres => false;

    /// <summary>
    /// Whether the drill's PostgreSQL must archive its WAL (and be durable), as a self-managed production server does
    /// for point-in-time recovery.
    /// </summary>
    public virtual bool NeedsWalArchive => false;

    /// <summary>
    /// For a fault that heals by itself (the calibration outage): how long after injection, already scaled; null when only
    /// a runbook mends it.
    /// </summary>
    public virtual TimeSpan? HealsAfter => null;

    /// <summary>
    /// Whether the simulator ends the fault by itself, through a propagation (the calibration of the simulator's timers):
    /// the harness then takes the propagation's end, as the watch saw it, as the heal.
    /// </summary>
    public virtual bool HealsByPropagation => false;

    /// <summary>Puts the site in the healthy state the fault starts from.</summary>
    public virtual Task ArrangeAsync(DrillSite site, CancellationToken cancellation) => Task.CompletedTask;

    /// <summary>Makes things go wrong. The fault point is taken when this returns.</summary>
    public abstract Task InjectAsync(DrillSite site, CancellationToken cancellation);

    /// <summary>Ends a self-healing fault.</summary>
    public virtual Task HealAsync(DrillSite site, CancellationToken cancellation) => Task.CompletedTask;

    /// <summary>Removes whatever the fault left behind so the next drill starts clean.</summary>
    public virtual Task CleanUpAsync(DrillSite site, CancellationToken cancellation) => Task.CompletedTask;

    /// <summary>The names of the params <see cref="RunbookParams"/> gives, known before any site exists (to check a drill file early).</summary>
    public virtual IReadOnlyList<string> ParamNames => [];

    /// <summary>
    /// Secrets the runbook needs to mend this fault, as the team's vault would hold them (a secret's known-good value):
    /// passed sealed, masked wherever the run writes, never journaled as params are.
    /// </summary>
    public virtual IReadOnlyDictionary<string, string> RunbookSecrets(DrillSite site) => new Dictionary<string, string>();

    /// <summary>
    /// A token the drill's synthetic requests present, and the right answer to them (a leaked key the attacker uses,
    /// which must come to be refused); null for none.
    /// </summary>
    public virtual Load.LoadCredential? LoadCredential(DrillSite site) => null;

    /// <summary>Params the runbook needs to mend this fault (a drill file's own params override them).</summary>
    public virtual IReadOnlyDictionary<string, string> RunbookParams(DrillSite site) => new Dictionary<string, string>();
}
