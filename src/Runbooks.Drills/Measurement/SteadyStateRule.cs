namespace Runbooks.Drills.Measurement;

/// <summary>
/// How slow a steady service may answer before the fault. On loopback (the simulator, the embedded database) the bound is
/// fixed at half a bucket: a healthy answer there takes milliseconds, and slower means a queue. Over a real network the
/// round trip alone may be longer than that, so a staging drill measures its own baseline, the median of the warm-up
/// buckets' p99s, and the bound is <see cref="BaselineFactor"/> times it (never under half a bucket): steady means
/// "as fast as this network was a moment ago", not "as fast as loopback".
/// </summary>
/// <param name="P99Bound">The largest bucket p99 a steady window may have.</param>
/// <param name="BaselineP99">The warm-up baseline the bound was built on; null for the fixed loopback bound.</param>
public sealed record SteadyStateRule(TimeSpan P99Bound, TimeSpan? BaselineP99)
{
    /// <summary>How many times its warm-up p99 a steady staging bucket may take (jitter on a real network).</summary>
    public const double BaselineFactor = 2;

    /// <summary>The fixed loopback bound: half of <paramref name="bucketSize"/>.</summary>
    public static SteadyStateRule Loopback(TimeSpan bucketSize) => new(bucketSize / 2, null);

    /// <summary>The bound relative to <paramref name="baselineP99"/>, never under the loopback one.</summary>
    public static SteadyStateRule Relative(TimeSpan bucketSize, TimeSpan baselineP99)
        => new(baselineP99 * BaselineFactor > bucketSize / 2 ? baselineP99 * BaselineFactor : bucketSize / 2, baselineP99);

    /// <summary>
    /// The baseline of a warm-up <paramref name="window"/>: the median of its answered buckets' p99s (a cold first
    /// connection does not set it); the loopback rule when nothing was answered.
    /// </summary>
    public static SteadyStateRule FromWarmUp(TimeSpan bucketSize, IEnumerable<BucketSample> window)
    {
        var p99s = window.Where(b => b.Count > 0).Select(b => b.P99).Order().ToList();
        return p99s.Count == 0 ? Loopback(bucketSize) : Relative(bucketSize, TimeSpan.FromMilliseconds(p99s[p99s.Count / 2]));
    }

    /// <summary>The bound and where it came from, for the invalid run's sentence and the reports.</summary>
    public string Describe() => BaselineP99 is { } b
        ? $"{P99Bound.TotalMilliseconds:0} ms, {BaselineFactor:0.#}x the {b.TotalMilliseconds:0} ms p99 measured while warming up"
        : $"{P99Bound.TotalMilliseconds:0} ms";
}
