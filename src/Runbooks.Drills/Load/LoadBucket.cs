using Runbooks.Drills.Measurement;

namespace Runbooks.Drills.Load;

/// <summary>The arrivals whose intended send time falls in one bucket: how many, how many failed or were dropped, their latencies.</summary>
public sealed class LoadBucket(TimeSpan start, CancellationTokenSource? timeout = null)
{
    private readonly CancellationTokenSource? _timeout = timeout;

    private long _planned, _completed, _errors, _dropped;

    /// <summary>Start of the bucket, relative to the run's start.</summary>
    public TimeSpan Start { get; } = start;

    /// <summary>Latency from the intended send time (coordinated-omission corrected).</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Arrivals planned in the bucket.</summary>
    public long Planned => Interlocked.Read(ref _planned);

    /// <summary>Arrivals that finished (ok or not).</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Arrivals that failed (dropped included).</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Arrivals over the in-flight cap.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Cancelled a request timeout after the bucket's end: its requests that still run have failed.</summary>
    internal CancellationToken Timeout => _timeout?.Token ?? CancellationToken.None;

    internal void Plan() => Interlocked.Increment(ref _planned);

    internal void Drop()
    {
        Interlocked.Increment(ref _dropped);
        Interlocked.Increment(ref _errors);
    }

    internal void Complete(bool error, TimeSpan latency)
    {
        Latency.Record(latency);
        if (error) Interlocked.Increment(ref _errors);
        Interlocked.Increment(ref _completed);
    }

    /// <summary>The bucket as measurement reads it.</summary>
    public BucketSample ToSample() => new(Start, Planned, Errors,
        Latency.Percentile(50).TotalMilliseconds, Latency.Percentile(99).TotalMilliseconds);
}
