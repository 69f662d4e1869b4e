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
    /// The detect point: the first moment at or after <paramref name="from"/> when the error rate has been above the
    /// threshold for the whole window (the end of that window). Null if it never holds.
    /// </summary>
    public TimeSpan? FirstHeld(IReadOnlyList<BucketSample> series, TimeSpan from, Criterion detect)
    {
        TimeSpan? runStart = null;
        var runFrom = 0;
        for (var i = 0; i < series.Count; i++)
        {
            if (series[i].Start < from) continue;
            var rate = RateAt(series, i, runStart is null ? i : runFrom);
            if (rate is null) continue; // no information: neither starts nor breaks a run
            if (rate > detect.ErrorRate)
            {
                if (runStart is null) (runStart, runFrom) = (series[i].Start, i);
            }
            else runStart = null;
            var end = series[i].Start + BucketSize;
            if (runStart is { } s && end - s >= detect.For) return end;
        }
        return null;
    }

    /// <summary>
    /// The recovered point: after the service was last seen failing at or after <paramref name="from"/>, the start of the
    /// first window of length <c>For</c> during which the error rate stays under the threshold. Null if no such window
    /// (yet). When nothing failed after <paramref name="from"/>, the service was healthy from <paramref name="from"/>.
    /// When the bucket before the window failed only in part, the start is placed inside it, at the share of its
    /// arrivals that failed.
    /// </summary>
    public TimeSpan? FirstSustainedHealthy(IReadOnlyList<BucketSample> series, TimeSpan from, Criterion recovered)
    {
        TimeSpan? runStart = null;
        var runFrom = 0;
        for (var i = 0; i < series.Count; i++)
        {
            if (series[i].Start + BucketSize <= from) continue;
            var rate = RateAt(series, i, runStart is null ? i : runFrom);
            if (rate is null) continue;
            var healthy = rate < recovered.ErrorRate || rate == 0;
            if (healthy)
            {
                if (runStart is null) (runStart, runFrom) = (series[i].Start < from ? from : series[i].Start, i);
            }
            else runStart = null;
            var end = series[i].Start + BucketSize;
            if (runStart is { } s && end - s >= recovered.For) return Refine(series, runFrom, s, from);
        }
        return null;
    }

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
