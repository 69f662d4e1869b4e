namespace Runbooks.Drills.Load;

/// <summary>How the open-model runner measures. Immutable; validated when the runner is built.</summary>
public sealed record LoadRunnerOptions
{
    /// <summary>Width of the result buckets, keyed by intended send time (default 100 ms).</summary>
    public TimeSpan BucketSize { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Requests allowed in flight; an arrival over the cap is counted as dropped (a failure), never queued.</summary>
    public int MaxInFlight { get; init; } = 2048;

    /// <summary>A request still running after this is a failure, and a bucket is final once its end is this far behind.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The clock; the drill's single monotonic clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Throws for options that cannot measure anything.</summary>
    public LoadRunnerOptions Validate()
    {
        if (BucketSize < TimeSpan.FromMilliseconds(10)) throw new ArgumentException("BucketSize must be at least 10 ms.");
        if (MaxInFlight < 1) throw new ArgumentException("MaxInFlight must be at least 1.");
        if (RequestTimeout <= TimeSpan.Zero) throw new ArgumentException("RequestTimeout must be positive.");
        return this;
    }
}
