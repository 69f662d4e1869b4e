using Runbooks.Core.Rto;
using Runbooks.Core.Steps;
using Runbooks.Drills.Definitions;

namespace Runbooks.Drills.Measurement;

/// <summary>Everything one drill measured and concluded: the machine's truth, from which every report is written.</summary>
public sealed record DrillResult
{
    /// <summary>The drill as defined.</summary>
    public required DrillDefinition Drill { get; init; }

    /// <summary>The time scale it ran at (1.0 = real-world durations).</summary>
    public required double TimeScale { get; init; }

    /// <summary>The measured points.</summary>
    public required DrillTimeline Timeline { get; init; }

    /// <summary>Width of the buckets in <see cref="Series"/>.</summary>
    public required TimeSpan BucketSize { get; init; }

    /// <summary>The load series, bucket by bucket.</summary>
    public required IReadOnlyList<BucketSample> Series { get; init; }

    /// <summary>The RTO row of the drill's severity.</summary>
    public required Objective RtoObjective { get; init; }

    /// <summary>Measured RTO against the (scaled) RTO row; null when the service never recovered (a breach).</summary>
    public required Verdict RtoVerdict { get; init; }

    /// <summary>The measured RTO projected to real-world scale: simulated waits divided by the scale, real work as measured.</summary>
    public TimeSpan? ProjectedRto { get; init; }

    /// <summary>The runbook's claimed recovery time (its header), if any.</summary>
    public TimeSpan? ClaimedRecovery { get; init; }

    /// <summary>Projected time from the runbook's start to sustained health, compared with the claim.</summary>
    public TimeSpan? ProjectedRecoveryAfterResponse { get; init; }

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

    /// <summary>The runbook's journal.</summary>
    public string? RunbookJournal { get; init; }

    /// <summary>Problems with the instrument itself (a saturated load generator), which make the figures doubtful.</summary>
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

/// <summary>RPO: acknowledged writes that are gone after the drill, and the span of time they cover.</summary>
/// <param name="Acknowledged">Writes the database acknowledged during the drill.</param>
/// <param name="Lost">Of those, how many are gone.</param>
/// <param name="Span">From the first lost write's acknowledgement to the last's; zero when none is lost.</param>
/// <param name="Objective">The RPO row judged against.</param>
/// <param name="Verdict">Span against the (scaled) row.</param>
public sealed record RpoMeasurement(long Acknowledged, long Lost, TimeSpan Span, Objective Objective, Verdict Verdict);
