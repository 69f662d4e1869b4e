using System.Globalization;
using Runbooks.Core.Timing;
using Runbooks.Drills.Definitions;

namespace Runbooks.Drills.Measurement;

/// <summary>
/// The p95 latencies a drill with a latency criterion reports. All are measured: real per-request time from the intended
/// send time, the same at every time scale (only the windows they are judged over are scaled). Each is the largest
/// bucket p95 of its stretch, so a stretch's figure is never below the p95 of all its requests.
/// </summary>
/// <param name="WarmUp">The p95 of the steady window before the fault (what <c>+200%</c> is relative to).</param>
/// <param name="DetectThreshold">The detect rule's p95 threshold in force (resolved against the warm-up); null when it has none.</param>
/// <param name="RecoveredThreshold">The recovered rule's p95 threshold in force; null when it has none.</param>
/// <param name="Worst">The worst bucket p95 from the fault to the recovery (or to the end of the load when it never recovered).</param>
/// <param name="Recovered">The worst bucket p95 over the recovered window; null when the service never recovered.</param>
public sealed record LatencyFigures(TimeSpan? WarmUp, TimeSpan? DetectThreshold, TimeSpan? RecoveredThreshold, TimeSpan? Worst, TimeSpan? Recovered)
{
    /// <summary>
    /// The figures of a drill whose detect or recovered rule has a p95 condition; null for a drill that judges errors
    /// only (its reports then show no p95, as before).
    /// </summary>
    public static LatencyFigures? Of(DrillDefinition drill, TimeScale scale, IReadOnlyList<BucketSample> series, DrillTimeline timeline, TimeSpan? warmUp,
        TimeSpan bucketSize)
    {
        if (drill.Detect.P95 is null && drill.Recovered.P95 is null) return null;
        TimeSpan? WorstIn(TimeSpan from, TimeSpan to)
        {
            var inside = series.Where(b => b.Count > 0 && b.Start + bucketSize > from && b.Start < to).ToList();
            return inside.Count == 0 ? null : TimeSpan.FromMilliseconds(inside.Max(b => b.P95));
        }
        var worst = timeline.Fault is { } f ? WorstIn(f, timeline.Recovered ?? TimeSpan.MaxValue) : null;
        var recovered = timeline.Recovered is { } r ? WorstIn(r, r + scale.ToDrill(drill.Recovered.For)) : null;
        return new LatencyFigures(warmUp, drill.Detect.P95?.Resolve(warmUp), drill.Recovered.P95?.Resolve(warmUp), worst, recovered);
    }

    /// <summary>
    /// One sentence for the console and JUnit: "p95 latency (measured): 1.2 ms before the fault, 1512 ms at worst, 1.4 ms
    /// over the recovered window; detect above 1000 ms, recovered under 1000 ms."
    /// </summary>
    public string Sentence()
    {
        var thresholds = new[]
        {
            DetectThreshold is { } d ? $"detect above {Ms(d)}" : null,
            RecoveredThreshold is { } r ? $"recovered under {Ms(r)}" : null,
        }.OfType<string>();
        return $"p95 latency (measured): {Ms(WarmUp)} before the fault, {Ms(Worst)} at worst, "
            + $"{(Recovered is null ? "never recovered" : Ms(Recovered) + " over the recovered window")}; {string.Join(", ", thresholds)}.";
    }

    /// <summary>A latency as reports write it: whole milliseconds from 10 ms up, two decimals below.</summary>
    public static string Ms(TimeSpan? t) => t is not { } v ? "n/a"
        : v.TotalMilliseconds.ToString(v.TotalMilliseconds >= 10 ? "0" : "0.##", CultureInfo.InvariantCulture) + " ms";
}
