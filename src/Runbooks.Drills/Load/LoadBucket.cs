using Runbooks.Drills.Measurement;

namespace Runbooks.Drills.Load;

/// <summary>The arrivals whose intended send time falls in one bucket: how many, how many failed or were dropped, their latencies.</summary>
/// <param name="start">Start of the bucket, relative to the run's start.</param>
/// <param name="timeout">Cancelled a request timeout after the bucket's end.</param>
/// <param name="requestTimeout">
/// The request timeout itself: an arrival still unanswered when the bucket is final has waited at least this long, which
/// is the latency its percentiles count for it.
/// </param>
public sealed class LoadBucket(TimeSpan start, CancellationTokenSource? timeout = null, TimeSpan requestTimeout = default)
{
    private CancellationTokenSource? _timeout = timeout;

    // Taken once: CancellationTokenSource.Token throws after Dispose, and a late arrival may still ask for it.
    private readonly CancellationToken _token = timeout?.Token ?? CancellationToken.None;

    private long _planned, _errors, _dropped, _maxLagTicks, _stalled;

    /// <summary>Start of the bucket, relative to the run's start.</summary>
    public TimeSpan Start { get; } = start;

    /// <summary>Latency from the intended send time (coordinated-omission corrected).</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Arrivals planned in the bucket.</summary>
    public long Planned => Volatile.Read(ref _planned);

    /// <summary>Arrivals that finished (ok or not).</summary>
    // Every finished arrival records exactly one latency, so the histogram's count is the completion count.
    public long Completed => Latency.Count;

    /// <summary>Arrivals the service failed (dropped ones are the generator's, not the service's, and are not included).</summary>
    public long Errors => Volatile.Read(ref _errors);

    /// <summary>Arrivals over the in-flight cap.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Cancelled a request timeout after the bucket's end: its requests that still run have failed.</summary>
    internal CancellationToken Timeout => _token;

    internal void Plan(long arrivals) => Interlocked.Add(ref _planned, arrivals);

    internal void Drop() => Interlocked.Increment(ref _dropped);

    /// <summary>The most an arrival of this bucket left after its intended time.</summary>
    public TimeSpan MaxLag => TimeSpan.FromTicks(Volatile.Read(ref _maxLagTicks));

    /// <summary>Arrivals of this bucket sent more than a quarter of a bucket late: the generator stalled for them.</summary>
    public long Stalled => Volatile.Read(ref _stalled);

    // Written by the scheduler thread alone.
    internal void RecordLag(long ticks, long stallTicks)
    {
        if (ticks > _maxLagTicks) Volatile.Write(ref _maxLagTicks, ticks);
        if (ticks > stallTicks) Volatile.Write(ref _stalled, _stalled + 1);
    }

    internal void Complete(bool error, TimeSpan latency)
    {
        if (error) Interlocked.Increment(ref _errors);
        Latency.Record(latency);
    }

    // Called once the bucket is final: its requests have finished or were cancelled, so the timer can go.
    internal void ReleaseTimeout() => Interlocked.Exchange(ref _timeout, null)?.Dispose();

    internal bool TimeoutReleased => Volatile.Read(ref _timeout) is null;

    /// <summary>
    /// The bucket as measurement reads it, once final: an arrival that has not finished by then has outlived the
    /// request timeout and counts as failed, even if its cancellation has not run yet (a hung service is an outage).
    /// </summary>
    public BucketSample ToSample()
    {
        // Completed before errors: a failing arrival counts its error before its completion, so it is never missed.
        var planned = Planned;
        var completed = Completed;
        var errors = Errors;
        var dropped = Dropped;
        var outstanding = Math.Max(0, planned - completed - dropped);
        // A dropped arrival never reached the service: it is counted apart, so it can invalidate the run but never fail the service.
        return new(Start, planned - dropped, errors + outstanding, Latency.Percentile(50).TotalMilliseconds, Latency.Percentile(99).TotalMilliseconds, dropped)
        {
            MaxLagMs = MaxLag.TotalMilliseconds,
            Stalled = Stalled,
            P95 = P95Of(planned - dropped, completed, outstanding).TotalMilliseconds,
        };
    }

    // The p95 of every arrival sent, the unanswered ones included as the slowest: a hung service must not look fast to a
    // latency criterion because only its few answers were timed. The bucket's histogram is log-linear at 2% (HdrHistogram's
    // idea), so this is a bounded-error figure read from counts the requests already keep: no sample is stored or sorted,
    // nothing is allocated per request.
    private TimeSpan P95Of(long sent, long completed, long outstanding)
    {
        if (sent <= 0) return TimeSpan.Zero;
        var rank = (long)Math.Ceiling(sent * 0.95);
        if (outstanding > 0 && rank > completed) return requestTimeout > Latency.Max ? requestTimeout : Latency.Max;
        return Latency.AtRank(rank);
    }
}
