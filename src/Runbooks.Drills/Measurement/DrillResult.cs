using Runbooks.Core.Rto;
using Runbooks.Core.Timing;
using Runbooks.Core.Steps;
using Runbooks.Drills.Definitions;

namespace Runbooks.Drills.Measurement;

/// <summary>Everything one drill measured and concluded: the machine's truth, from which every report is written.</summary>
public sealed record DrillResult
{
    /// <summary>The drill as defined.</summary>
    public required DrillDefinition Drill { get; init; }

    /// <summary>The time scale it ran at (1.0 = real-world durations).</summary>
    public required TimeScale TimeScale { get; init; }

    /// <summary>The measured points.</summary>
    public required DrillTimeline Timeline { get; init; }

    /// <summary>Width of the buckets in <see cref="Series"/>.</summary>
    public required TimeSpan BucketSize { get; init; }

    /// <summary>The load series, bucket by bucket.</summary>
    public required IReadOnlyList<BucketSample> Series { get; init; }

    /// <summary>The RTO row of the drill's severity.</summary>
    public required Objective RtoObjective { get; init; }

    /// <summary>The projected RTO against the RTO row; a breach when the service never recovered or nothing was injected.</summary>
    public required Verdict RtoVerdict { get; init; }

    /// <summary>
    /// The timeline projected to the real world, span by span (measured, simulated, assumed); null when no fault was
    /// injected (an invalid run).
    /// </summary>
    public TimelineProjection? Projection { get; init; }

    /// <summary>The projected real-world RTO the verdict judges: measured time as measured, simulated and assumed time over the scale.</summary>
    public TimeSpan? ProjectedRto => Projection?.Rto;

    /// <summary>How precisely the instrument places a measured edge, in real-world time (one load bucket).</summary>
    public TimeSpan Resolution { get; init; }

    /// <summary>Which phase decides the RTO, and what would meet the target: one sentence each, for every report.</summary>
    public IReadOnlyList<string> Findings { get; init; } = [];

    /// <summary>What people were told during the drill (Slack, the status page), on the projected timeline.</summary>
    public IReadOnlyList<CommunicationPoint> Communications { get; init; } = [];

    /// <summary>The runbook's claimed recovery time (its header), if any.</summary>
    public TimeSpan? ClaimedRecovery { get; init; }

    /// <summary>Projected time from the runbook's start to sustained health, compared with the claim.</summary>
    public TimeSpan? ProjectedRecoveryAfterResponse => Projection?.RecoveryAfterResponse;

    /// <summary>
    /// The runbook's measured work on the projected timeline: its run minus the provider time it waited on. What the
    /// baseline keeps and compares; null when no runbook ran.
    /// </summary>
    public TimeSpan? RunbookWork { get; init; }

    /// <summary>
    /// Whether this was the first runbook its process ran, which also paid for starting the runbook host and the provider
    /// clients (JIT): its work is neither compared with a baseline nor recorded as one.
    /// </summary>
    public bool ColdStart { get; init; }

    /// <summary>The p95 latencies measured, for a drill whose detect or recovered rule has a p95 condition; else null.</summary>
    public LatencyFigures? Latency { get; init; }

    /// <summary>Arrivals the load generator could not send (over its in-flight cap): the instrument's, never the service's.</summary>
    public long DroppedArrivals { get; init; }

    /// <summary>Acknowledged writes and what was lost of them.</summary>
    public RpoMeasurement? Rpo { get; init; }

    /// <summary>
    /// The drill's measured overhead against the baseline kept for its key, or the sentence saying none is; null when
    /// no runbook ran or baselines are not compared (while they are being recorded).
    /// </summary>
    public BaselineComparison? Baseline { get; init; }

    /// <summary>The runbook's exit code (null when no runbook ran).</summary>
    public int? RunbookExitCode { get; init; }

    /// <summary>The runbook's steps.</summary>
    public IReadOnlyList<StepResult> RunbookSteps { get; init; } = [];

    /// <summary>When each of <see cref="RunbookSteps"/> began, on the drill's clock (null for a step that never ran).</summary>
    public IReadOnlyList<TimeSpan?> RunbookStepStarts { get; init; } = [];

    /// <summary>The runbook's journal.</summary>
    public string? RunbookJournal { get; init; }

    /// <summary>Things a reader should know that do not fail the drill (a lagging generator within the resolution, an early edge).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Why the drill failed, one sentence each; empty when it passed.</summary>
    public IReadOnlyList<string> Failures { get; init; } = [];

    /// <summary>True when nothing failed.</summary>
    public bool Passed => Failures.Count == 0 && Invalid is null;

    /// <summary>
    /// Why the run measured nothing trustworthy (the service never reached a steady state, an edge the instrument could
    /// not place), or null. An invalid run is not a verdict: the CLI exits 3 for it, never 0 or 1.
    /// </summary>
    public string? Invalid { get; init; }

    /// <summary>Wall time of the whole drill.</summary>
    public TimeSpan WallTime { get; init; }
}

/// <summary>RPO: acknowledged writes that are gone after the drill, and the real-world span of time they cover.</summary>
/// <param name="Acknowledged">Writes the database acknowledged during the drill.</param>
/// <param name="Lost">Of those, how many are gone.</param>
/// <param name="Span">
/// The projected real-world span of the lost writes, each standing for one write interval: a backup's age in full, the
/// alert window as assumed, the runbook's work as measured. Zero when none is lost. The verdict judges this.
/// </param>
/// <param name="Objective">The RPO row judged against.</param>
/// <param name="Verdict">Span against the row.</param>
public sealed record RpoMeasurement(long Acknowledged, long Lost, TimeSpan Span, Objective Objective, Verdict Verdict)
{
    /// <summary>The same span on the drill's clock.</summary>
    public TimeSpan DrillSpan { get; init; }

    /// <summary>When the last lost write was acknowledged, on the drill's clock: from then on, writes were kept (or refused).</summary>
    public TimeSpan? LastLost { get; init; }

    /// <summary>
    /// Lost writes acknowledged after the runbook started: how long it kept taking writes it then lost. A restore that
    /// stops writes first keeps this to its first steps; one that does not loses everything up to the restore.
    /// </summary>
    public long LostWhileRunbookRan { get; init; }

    /// <summary>What the lost span is made of (backup age, detection, runbook work), projected.</summary>
    public IReadOnlyList<PhaseShare> Phases { get; init; } = [];
}
