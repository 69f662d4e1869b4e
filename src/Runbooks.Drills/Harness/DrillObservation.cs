using Runbooks.Drills.Measurement;
using Runbooks.Scripting.Hosting;

namespace Runbooks.Drills.Harness;

/// <summary>What the live part of a drill saw: the measured points, the load series, the runbook's outcome, and why the run is invalid if it is.</summary>
/// <param name="Timeline">The measured points.</param>
/// <param name="Series">The final buckets read while the drill ran.</param>
/// <param name="Assumed">The assumed spans the drill file declares, placed on the timeline (the alert window, the response).</param>
/// <param name="Runbook">The runbook's outcome; null when none ran.</param>
/// <param name="Invalid">Why nothing trustworthy was measured, or null.</param>
/// <param name="Notes">Sentences for the report that are not failures (a fault never detected is one).</param>
public sealed record DrillObservation(DrillTimeline Timeline, IReadOnlyList<BucketSample> Series, IReadOnlyList<TimelineSpan> Assumed,
    ExecOutcome? Runbook, string? Invalid, IReadOnlyList<string> Notes)
{
    /// <summary>The p95 measured in the steady window just before the fault (what a relative latency threshold is relative to); null when no fault was injected.</summary>
    public TimeSpan? WarmUpP95 { get; init; }

    /// <summary>The steady-state rule the run was held to before the fault (fixed on loopback, measured in staging); null when none was judged.</summary>
    public SteadyStateRule? SteadyState { get; init; }
}
