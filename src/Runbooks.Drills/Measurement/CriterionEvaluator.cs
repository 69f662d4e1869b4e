using Runbooks.Drills.Definitions;

namespace Runbooks.Drills.Measurement;

/// <summary>
/// Finds when an error-rate criterion first holds over a bucket series. A bucket with too few requests to mean
/// anything (under <see cref="MinimumSamples"/>) is judged on a sliding window of up to one second ending with it,
/// so a 1% threshold is not decided by a single request; inside a run that is being judged the window never reaches
/// back before the run's first bucket, so the failing buckets before a recovery do not delay it (nor healthy ones a
/// detection).
/// </summary>
public sealed class CriterionEvaluator(TimeSpan bucketSize, int minimumSamples = 100)
{
    /// <summary>Bucket width of the series.</summary>
    public TimeSpan BucketSize { get; } = bucketSize;

    /// <summary>Requests a judgement needs before the window widens.</summary>
    public int MinimumSamples { get; } = minimumSamples;

    private int MaxWindowBuckets => Math.Max(1, (int)(TimeSpan.FromSeconds(1) / BucketSize));

    /// <summary>
    /// The error rate that judges bucket <paramref name="i"/>, looking back no further than bucket
    /// <paramref name="floor"/>; null when nothing was sent there.
    /// </summary>
    public double? RateAt(IReadOnlyList<BucketSample> series, int i, int floor = 0)
    {
        long count = 0, errors = 0;
        for (var j = i; j >= Math.Max(0, floor) && j > i - MaxWindowBuckets; j--)
        {
            count += series[j].Count;
            errors += series[j].Errors;
            if (count >= MinimumSamples) break;
        }
        return count == 0 ? null : (double)errors / count;
    }

    /// <summary>
    /// The detect point: the first moment at or after <paramref name="from"/> when any of the criterion's conditions has
    /// held for the whole window (the end of that window): the error rate above its threshold, or a bucket's p95 above
    /// the latency threshold. Each condition is an alert rule of its own, so the earlier one detects. Null if none holds.
    /// A relative latency threshold is resolved against <paramref name="warmUpP95"/>; without it that condition is not judged.
    /// </summary>
    public TimeSpan? FirstHeld(IReadOnlyList<BucketSample> series, TimeSpan from, Criterion detect, TimeSpan? warmUpP95 = null)
    {
        TimeSpan? byErrors = detect.ErrorRate is { } limit
            ? FirstRun(series, from, detect.For, (i, floor) => RateAt(series, i, floor) is { } rate ? rate > limit : null)
            : null;
        TimeSpan? byLatency = detect.P95?.Resolve(warmUpP95) is { } threshold
            ? FirstRun(series, from, detect.For, (i, _) => SlowerThan(series[i], threshold))
            : null;
        return byErrors is { } e && byLatency is { } l ? (e < l ? e : l) : byErrors ?? byLatency;
    }

    // The end of the first run of buckets, at or after `from`, over which `breached` held for `length`; a bucket it has no
    // information on (null) neither starts nor breaks a run. `breached` gets the bucket and how far back it may look.
    private TimeSpan? FirstRun(IReadOnlyList<BucketSample> series, TimeSpan from, TimeSpan length, Func<int, int, bool?> breached)
    {
        TimeSpan? runStart = null;
        var runFrom = 0;
        for (var i = 0; i < series.Count; i++)
        {
            if (series[i].Start < from) continue;
            if (breached(i, runStart is null ? i : runFrom) is not { } held) continue;
            if (held)
            {
                if (runStart is null) (runStart, runFrom) = (series[i].Start, i);
            }
            else runStart = null;
            var end = series[i].Start + BucketSize;
            if (runStart is { } s && end - s >= length) return end;
        }
        return null;
    }

    /// <summary>
    /// The recovered point: after the service was last seen failing at or after <paramref name="from"/>, the start of the
    /// first window of length <c>For</c> during which every condition of the criterion holds: the error rate under its
    /// threshold and each bucket's p95 under the latency threshold (a relative one resolved against
    /// <paramref name="warmUpP95"/>). Null if no such window (yet). When nothing failed after <paramref name="from"/>, the
    /// service was healthy from <paramref name="from"/>. When the bucket before the window failed only in part by its
    /// errors (its latency was within the threshold), the start is placed inside it, at the share of its arrivals that
    /// failed; a p95 says nothing about where in a bucket the slow answers were, so a latency edge is the bucket's.
    /// </summary>
    public TimeSpan? FirstSustainedHealthy(IReadOnlyList<BucketSample> series, TimeSpan from, Criterion recovered, TimeSpan? warmUpP95 = null)
    {
        var latency = recovered.P95?.Resolve(warmUpP95);
        TimeSpan? runStart = null;
        var runFrom = 0;
        for (var i = 0; i < series.Count; i++)
        {
            if (series[i].Start + BucketSize <= from) continue;
            var rate = RateAt(series, i, runStart is null ? i : runFrom);
            if (rate is null) continue;
            var healthy = recovered.ErrorRate is not { } limit || rate < limit || rate == 0;
            if (latency is { } threshold && SlowerThan(series[i], threshold) is true) healthy = false;
            if (healthy)
            {
                if (runStart is null) (runStart, runFrom) = (series[i].Start < from ? from : series[i].Start, i);
            }
            else runStart = null;
            var end = series[i].Start + BucketSize;
            if (runStart is { } s && end - s >= recovered.For)
                return runFrom > 0 && latency is { } t && SlowerThan(series[runFrom - 1], t) is true ? s : Refine(series, runFrom, s, from);
        }
        return null;
    }

    /// <summary>
    /// Whether a bucket's p95 is over <paramref name="threshold"/> (a detect rule's "above", and the negation of a recovered
    /// rule's "under": a p95 exactly at the threshold is neither slow nor, by seed 001's "&lt; 1000ms", healthy, so it is
    /// counted as slow). Null for a bucket nothing was sent in.
    /// </summary>
    public static bool? SlowerThan(BucketSample bucket, TimeSpan threshold)
        => bucket.Count == 0 ? null : bucket.P95 >= threshold.TotalMilliseconds;

    /// <summary>
    /// When the service was first seen failing at or after <paramref name="from"/>: the first bucket with a failure,
    /// placed inside it by the share of its arrivals that still succeeded (a fault fails the later arrivals of the bucket
    /// it starts in). Null when nothing failed. The calibration compares this edge with the injection.
    /// </summary>
    public TimeSpan? FirstFailing(IReadOnlyList<BucketSample> series, TimeSpan from)
    {
        foreach (var b in series)
        {
            if (b.Start + BucketSize <= from || b.Count == 0 || b.Errors == 0) continue;
            return b.Start + BucketSize * (1 - b.ErrorRate);
        }
        return null;
    }

    // The service came back somewhere inside the bucket before the healthy run. Arrivals are evenly spaced in intended
    // time and a recovering service fails the early ones, so the share that failed says how far into the bucket the
    // recovery came: a clean switch is then placed to about one arrival's spacing instead of the next bucket boundary.
    // A bucket with scattered failures moves the point by less than one bucket, which is the resolution without this.
    private TimeSpan Refine(IReadOnlyList<BucketSample> series, int runFrom, TimeSpan runStart, TimeSpan from)
    {
        if (runFrom == 0 || runStart != series[runFrom].Start) return runStart;
        var before = series[runFrom - 1];
        if (before.Count == 0 || before.Errors == before.Count) return runStart;
        var estimate = before.Start + BucketSize * before.ErrorRate;
        return estimate < from ? from : estimate;
    }
}
