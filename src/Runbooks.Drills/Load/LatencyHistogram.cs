namespace Runbooks.Drills.Load;

/// <summary>
/// A log-linear latency histogram (HdrHistogram's idea at about 2% precision) from 1 µs to about 100 s, recorded with
/// interlocked increments so the completing requests need no lock. Percentiles, never averages.
/// </summary>
public sealed class LatencyHistogram
{
    private const double Growth = 1.02;
    private static readonly double LogGrowth = Math.Log(Growth);
    private static readonly int Bins = (int)Math.Ceiling(Math.Log(100e6) / LogGrowth) + 1;
    private readonly int[] _counts = new int[Bins];
    private long _total;
    private long _maxMicros;

    /// <summary>Records one latency.</summary>
    public void Record(TimeSpan latency)
    {
        var bin = BinOf(latency, out var micros);
        Interlocked.Increment(ref _counts[bin]);
        Interlocked.Increment(ref _total);
        long seen;
        while (micros > (seen = Volatile.Read(ref _maxMicros)) && Interlocked.CompareExchange(ref _maxMicros, micros, seen) != seen) { }
    }

    // For a histogram only one thread writes (the scheduler's lag): plain stores, no interlocked read-modify-write.
    internal void RecordSingleWriter(TimeSpan latency)
    {
        var bin = BinOf(latency, out var micros);
        Volatile.Write(ref _counts[bin], _counts[bin] + 1);
        Volatile.Write(ref _total, _total + 1);
        if (micros > _maxMicros) Volatile.Write(ref _maxMicros, micros);
    }

    private static int BinOf(TimeSpan latency, out long micros)
    {
        micros = Math.Max(1, latency.Ticks / 10);
        return Math.Min(Bins - 1, (int)(Math.Log(micros) / LogGrowth));
    }

    /// <summary>How many latencies were recorded.</summary>
    public long Count => Interlocked.Read(ref _total);

    /// <summary>The largest latency, exact.</summary>
    public TimeSpan Max => TimeSpan.FromTicks(Interlocked.Read(ref _maxMicros) * 10);

    /// <summary>The latency at or below which <paramref name="percentile"/> (0-100) of the recorded ones lie, within 2%.</summary>
    public TimeSpan Percentile(double percentile)
    {
        var total = Count;
        if (total == 0) return TimeSpan.Zero;
        return AtRank((long)Math.Ceiling(total * Math.Clamp(percentile, 0, 100) / 100.0));
    }

    /// <summary>
    /// The <paramref name="rank"/>-th smallest latency recorded (1-based, clamped to the count), within 2% above it:
    /// the upper edge of its bin, or the exact maximum when that is lower.
    /// </summary>
    public TimeSpan AtRank(long rank)
    {
        if (Count == 0) return TimeSpan.Zero;
        rank = Math.Max(1, rank);
        long seen = 0;
        for (var i = 0; i < Bins; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= rank)
            {
                var upper = TimeSpan.FromTicks((long)(Math.Pow(Growth, i + 1) * 10));
                return upper < Max ? upper : Max;
            }
        }
        return Max;
    }
}
