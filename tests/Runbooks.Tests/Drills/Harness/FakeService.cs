using Microsoft.Extensions.Time.Testing;
using Runbooks.Drills.Harness;
using Runbooks.Drills.Load;
using Runbooks.Drills.Measurement;

namespace Runbooks.Tests.Drills.Harness;

/// <summary>
/// A service and its synthetic users on a fake clock: 100 requests per 100 ms bucket, failing exactly while the service is
/// broken, answered in 1 ms (or <see cref="P99"/>), or every one answered after a latency while the service is slow. Buckets are
/// final once their requests are answered: at their end, or a slow answer's latency after it, as a live load's are.
/// </summary>
internal sealed class FakeService(FakeTimeProvider time) : IDrillLoad
{
    private readonly long _start = time.GetTimestamp();
    private readonly List<(TimeSpan From, TimeSpan To)> _outages = [];
    private readonly List<(TimeSpan From, TimeSpan To, TimeSpan Latency)> _slow = [];

    public TimeSpan Elapsed => time.GetElapsedTime(_start);

    public TimeSpan BucketSize { get; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The p99 latency every bucket reports, ms.</summary>
    public double P99 { get; set; } = 1;

    public void Break() => _outages.Add((Elapsed, TimeSpan.MaxValue));

    public void FixAt(TimeSpan at)
    {
        if (_outages.Count > 0 && _outages[^1].To == TimeSpan.MaxValue) _outages[^1] = (_outages[^1].From, at);
    }

    public bool IsBroken => _outages.Any(o => o.From <= Elapsed && Elapsed < o.To) || _slow.Any(o => o.From <= Elapsed && Elapsed < o.To);

    /// <summary>From now on every request is answered, correctly, after <paramref name="latency"/> (real time: the fake clock's).</summary>
    public void SlowDown(TimeSpan latency) => _slow.Add((Elapsed, TimeSpan.MaxValue, latency));

    /// <summary>Ends the slow spell at <paramref name="at"/> (a rollback that propagates until then).</summary>
    public void SpeedUpAt(TimeSpan at)
    {
        if (_slow.Count > 0 && _slow[^1].To == TimeSpan.MaxValue) _slow[^1] = (_slow[^1].From, at, _slow[^1].Latency);
    }

    public IReadOnlyList<BucketSample> FinalSamplesFrom(int from)
    {
        var samples = new List<BucketSample>();
        for (var i = from; ; i++)
        {
            var start = BucketSize * i;
            var broken = _outages.Sum(o => Overlap(start, start + BucketSize, o.From, o.To).Ticks);
            var errors = (long)Math.Round(100.0 * broken / BucketSize.Ticks);
            // The share of the bucket's evenly spaced arrivals sent while slow, and how slow: over 5% of them makes its p95 that slow.
            var slow = _slow.Select(o => (Share: (double)Overlap(start, start + BucketSize, o.From, o.To).Ticks / BucketSize.Ticks, o.Latency)).Where(o => o.Share > 0).ToList();
            var latency = slow.Count == 0 ? TimeSpan.Zero : slow.Max(o => o.Latency);
            // Not final until its last answer is in: a slow bucket is seen its latency after it ends.
            if (start + BucketSize + latency > Elapsed) break;
            var p95 = slow.Sum(o => o.Share) > 0.05 ? latency.TotalMilliseconds : 1;
            samples.Add(new BucketSample(start, 100, errors, 1, Math.Max(P99, slow.Count == 0 ? 0 : latency.TotalMilliseconds)) { P95 = p95 });
        }
        return samples;
    }

    public TimeSpan ToTimeline(long timestamp) => time.GetElapsedTime(_start, timestamp);

    public LoadGeneratorHealth Health() => new(0, 0, TimeSpan.Zero, TimeSpan.Zero, 0);

    private static TimeSpan Overlap(TimeSpan a, TimeSpan b, TimeSpan c, TimeSpan d)
    {
        var from = a > c ? a : c;
        var to = b < d ? b : d;
        return to > from ? to - from : TimeSpan.Zero;
    }
}
