namespace Runbooks.Drills.Measurement;

/// <summary>
/// One final bucket of the load series, as measurement sees it: when it starts on the drill clock (by intended send
/// time), how many requests reached the service and how many of them failed, its latency percentiles (p50, p95, p99), and how many
/// arrivals the generator dropped instead of sending (its own failure, never the service's).
/// </summary>
/// <param name="Start">Start of the bucket on the drill's monotonic clock.</param>
/// <param name="Count">Requests sent in the bucket (intended minus dropped).</param>
/// <param name="Errors">Requests that failed or timed out.</param>
/// <param name="P50">Median latency from the intended time, ms.</param>
/// <param name="P99">99th percentile latency from the intended time, ms.</param>
/// <param name="Dropped">Arrivals over the generator's in-flight cap, never sent.</param>
public readonly record struct BucketSample(TimeSpan Start, long Count, long Errors, double P50 = 0, double P99 = 0, long Dropped = 0)
{
    /// <summary>The most an arrival of the bucket left after its intended time, ms: how far the generator blurred it.</summary>
    public double MaxLagMs { get; init; }

    /// <summary>Arrivals sent more than a quarter of a bucket late: the generator stalled for them.</summary>
    public long Stalled { get; init; }

    /// <summary>
    /// 95th percentile latency from the intended time, ms, read from the bucket's histogram (at most 2% above the exact
    /// figure, never below); an arrival still unanswered when the bucket became final counts as slower than any answer.
    /// </summary>
    public double P95 { get; init; }

    /// <summary>Errors / count; 0 for an empty bucket.</summary>
    public double ErrorRate => Count == 0 ? 0 : (double)Errors / Count;
}
