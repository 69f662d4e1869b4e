using Microsoft.Extensions.Time.Testing;
using Runbooks.Drills.Harness;
using Runbooks.Drills.Load;
using Runbooks.Drills.Measurement;

namespace Runbooks.Tests.Drills.Harness;

/// <summary>
/// A service and its synthetic users on a fake clock: 100 requests per 100 ms bucket, failing exactly while the service is
/// broken, answered in 1 ms (or <see cref="P99"/>). Buckets are final once they end, as a live load's are once answered.
/// </summary>
internal sealed class FakeService(FakeTimeProvider time) : IDrillLoad
{
    private readonly long _start = time.GetTimestamp();
    private readonly List<(TimeSpan From, TimeSpan To)> _outages = [];

    public TimeSpan Elapsed => time.GetElapsedTime(_start);

    public TimeSpan BucketSize { get; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The p99 latency every bucket reports, ms.</summary>
    public double P99 { get; set; } = 1;

    public void Break() => _outages.Add((Elapsed, TimeSpan.MaxValue));

    public void FixAt(TimeSpan at)
    {
        if (_outages.Count > 0 && _outages[^1].To == TimeSpan.MaxValue) _outages[^1] = (_outages[^1].From, at);
    }

    public bool IsBroken => _outages.Any(o => o.From <= Elapsed && Elapsed < o.To);

    public IReadOnlyList<BucketSample> FinalSamplesFrom(int from)
    {
        var final = (int)(Elapsed / BucketSize);
        var samples = new List<BucketSample>();
        for (var i = from; i < final; i++)
        {
            var start = BucketSize * i;
            var broken = _outages.Sum(o => Overlap(start, start + BucketSize, o.From, o.To).Ticks);
            var errors = (long)Math.Round(100.0 * broken / BucketSize.Ticks);
            samples.Add(new BucketSample(start, 100, errors, 1, P99));
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
