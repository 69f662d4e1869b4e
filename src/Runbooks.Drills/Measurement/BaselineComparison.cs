using Runbooks.Drills.Baselines;

namespace Runbooks.Drills.Measurement;

/// <summary>
/// The runbook's measured work (its run minus the provider time it waited on) against the baseline kept for the run's own key. When
/// none is kept for that key nothing is compared, and <see cref="NotCompared"/> says so.
/// </summary>
/// <param name="Measured">This run's measured work.</param>
/// <param name="Kept">The baseline kept in drills/baselines.json under the run's key; without samples when there is none.</param>
public sealed record BaselineComparison(TimeSpan Measured, Baseline Kept)
{
    /// <summary>The build configuration and time scale the run was measured under, and the only key it is compared with.</summary>
    public BaselineKey Key => Kept.Key;

    /// <summary>The median of the kept samples; null when none is kept for <see cref="Key"/>.</summary>
    public TimeSpan? Baseline => Kept.Median;

    /// <summary>How many kept runs the median is of.</summary>
    public int Samples => Kept.Samples.Count;

    /// <summary>The most allowed before it counts as a regression; null when none is kept for <see cref="Key"/>.</summary>
    public TimeSpan? Limit => Kept.RegressionLimit;

    /// <summary>
    /// The run was its process's first runbook: its work includes starting the runbook host and provider clients (JIT),
    /// so it is not compared (baselines are taken from warm runs).
    /// </summary>
    public bool ColdStart { get; init; }

    /// <summary>True when a baseline was kept for <see cref="Key"/> and the run was judged against it.</summary>
    public bool Compared => Kept.IsRecorded && !ColdStart;

    /// <summary>Whether this run regressed beyond the tolerance.</summary>
    public bool Regressed => Compared && Kept.IsRegression(Measured);

    /// <summary>Whether this run was much faster than the median: a runbook that skipped a step looks like this.</summary>
    public bool MuchFaster => Compared && Kept.IsMuchFaster(Measured);

    /// <summary>Why nothing was compared, in one sentence; null when it was.</summary>
    public string? NotCompared => Compared ? null
        : ColdStart ? $"Not compared with a baseline: this was the process's first runbook, whose {BaselineText.Ms(Measured)} of work include "
            + "starting the runbook host and provider clients; baselines are warm runs."
        : $"No baseline for {Key.Describe()}; `runbooks drill baseline --update` records one.";

    /// <summary>The much-faster warning, in one sentence; null unless <see cref="MuchFaster"/>.</summary>
    public string? Warning => MuchFaster
        ? $"Much faster than its baseline: runbook work {BaselineText.Ms(Measured)} against a median of {BaselineText.Ms(Kept.Median!.Value)} "
            + $"({Key}, {Samples} run(s)); did it skip a step (verification)?"
        : null;
}
