using Runbooks.Drills.Definitions;

namespace Runbooks.Drills.Measurement;

/// <summary>
/// Whether the instrument can measure at all. A service that answers slowly is seen late: an answer given after a heal
/// to a request intended before it makes the recovery look earlier than it was, by as much as the service lagged. So
/// before the fault the service must be in a steady state (healthy, and answering within half a bucket) for a window,
/// as Chaos Toolkit's steady-state hypothesis asks; and the buckets that open the recovered window must have been
/// answered within a bucket. Otherwise the run is invalid and says why: right or invalid, never wrong.
/// </summary>
public sealed class InstrumentCheck(TimeSpan bucketSize)
{
    /// <summary>Latency at which a healthy bucket still places an edge within the instrument's resolution.</summary>
    public TimeSpan SteadyLatency => bucketSize / 2;

    /// <summary>How many buckets after the recovered point must have answered within a bucket.</summary>
    public const int EdgeBuckets = 3;

    /// <summary>
    /// Whether the last buckets of <paramref name="series"/> covering <paramref name="window"/> all meet
    /// <paramref name="healthy"/> with a p99 latency of at most <see cref="SteadyLatency"/> (the loopback rule).
    /// </summary>
    public bool IsSteady(IReadOnlyList<BucketSample> series, Criterion healthy, TimeSpan window)
        => IsSteady(series, healthy, window, SteadyStateRule.Loopback(bucketSize));

    /// <summary>
    /// Whether the last buckets of <paramref name="series"/> covering <paramref name="window"/> all meet
    /// <paramref name="healthy"/> with a p99 latency within <paramref name="rule"/>.
    /// </summary>
    public bool IsSteady(IReadOnlyList<BucketSample> series, Criterion healthy, TimeSpan window, SteadyStateRule rule)
    {
        var needed = (int)Math.Ceiling(window / bucketSize);
        if (series.Count < needed) return false;
        for (var i = series.Count - needed; i < series.Count; i++)
            if (Unsteady(series[i], healthy, rule)) return false;
        return true;
    }

    /// <summary>Describes the last bucket that kept the service from a steady state, for the invalid run's sentence.</summary>
    public string DescribeUnsteady(IReadOnlyList<BucketSample> series, Criterion healthy) => DescribeUnsteady(series, healthy, SteadyStateRule.Loopback(bucketSize));

    /// <summary>Describes the last bucket that kept the service from a steady state under <paramref name="rule"/>.</summary>
    public string DescribeUnsteady(IReadOnlyList<BucketSample> series, Criterion healthy, SteadyStateRule rule)
    {
        var last = series.LastOrDefault(b => Unsteady(b, healthy, rule));
        return last == default ? "no load had been measured yet"
            : $"at {last.Start.TotalMilliseconds:0} ms it failed {last.ErrorRate * 100:0.#}% of requests with a p99 of {last.P99:0} ms "
              + $"(steady means at most {AllowedErrors(healthy) * 100:0.#}% and {rule.Describe()})";
    }

    private static bool Unsteady(BucketSample b, Criterion healthy, SteadyStateRule rule)
        => b.Count > 0 && (b.ErrorRate > AllowedErrors(healthy) || b.P99 > rule.P99Bound.TotalMilliseconds);

    // A recovered rule on latency alone says nothing about errors: a steady service then fails none.
    private static double AllowedErrors(Criterion healthy) => healthy.ErrorRate ?? 0;

    /// <summary>
    /// Null when the recovery at <paramref name="recovered"/> is placed within the resolution; otherwise why not: the
    /// buckets that open the healthy window were answered so late that the edge may be early by that much.
    /// </summary>
    public string? RecoveryEdgeProblem(IReadOnlyList<BucketSample> series, TimeSpan recovered)
    {
        var opening = series.Where(b => b.Start + bucketSize > recovered).Take(EdgeBuckets).ToList();
        if (opening.Count == 0) return null;
        var worst = opening.MaxBy(b => b.P99);
        return worst.P99 <= bucketSize.TotalMilliseconds ? null
            : $"the service answered with a p99 of {worst.P99:0} ms just after it recovered (at {worst.Start.TotalMilliseconds:0} ms), more than the "
              + $"{bucketSize.TotalMilliseconds:0} ms resolution: answers given after the heal to requests sent before it would place the recovery too early";
    }
}
