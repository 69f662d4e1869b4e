namespace Runbooks.Drills.Measurement;

/// <summary>
/// One final bucket of the load series, as measurement sees it: when it starts on the drill clock (by intended send
/// time), how many requests it planned, how many failed (errors and dropped), and its latency percentiles.
/// </summary>
/// <param name="Start">Start of the bucket on the drill's monotonic clock.</param>
/// <param name="Count">Requests intended in the bucket.</param>
/// <param name="Errors">Requests that failed, timed out or could not be sent.</param>
/// <param name="P50">Median latency from the intended time, ms.</param>
/// <param name="P99">99th percentile latency from the intended time, ms.</param>
public readonly record struct BucketSample(TimeSpan Start, long Count, long Errors, double P50 = 0, double P99 = 0)
{
    /// <summary>Errors / count; 0 for an empty bucket.</summary>
    public double ErrorRate => Count == 0 ? 0 : (double)Errors / Count;
}
