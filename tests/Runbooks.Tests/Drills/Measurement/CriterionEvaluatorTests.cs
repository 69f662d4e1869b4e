using Runbooks.Drills.Definitions;
using Runbooks.Drills.Measurement;

namespace Runbooks.Tests.Drills.Measurement;

public sealed class CriterionEvaluatorTests
{
    private static readonly TimeSpan Bucket = TimeSpan.FromMilliseconds(100);
    private readonly CriterionEvaluator _eval = new(Bucket);

    /// <summary>A series of 100 ms buckets of <paramref name="perBucket"/> requests, failing entirely between two times.</summary>
    private static List<BucketSample> Series(double seconds, double failFrom, double failTo, long perBucket = 200)
    {
        var list = new List<BucketSample>();
        for (var i = 0; i < seconds * 10; i++)
        {
            var start = TimeSpan.FromMilliseconds(i * 100);
            var failing = start.TotalSeconds >= failFrom && start.TotalSeconds < failTo;
            list.Add(new BucketSample(start, perBucket, failing ? perBucket : 0));
        }
        return list;
    }

    [Fact]
    public void FirstHeld_IsTheEndOfTheFirstWindowOverTheThreshold()
    {
        var series = Series(10, failFrom: 2.0, failTo: 6.0);
        var detected = _eval.FirstHeld(series, TimeSpan.FromSeconds(2), new Criterion(0.10, TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(3), detected);
    }

    [Theory]
    [InlineData(50)]  // 500 req/s: under the 100 requests a bucket needs, so the window reaches back
    [InlineData(200)]
    public void At_any_rate_recovery_and_detection_land_on_the_bucket_where_the_service_changed(long perBucket)
    {
        // The look-back that steadies a thin bucket must not reach into the outage before a recovery (or the
        // healthy time before a fault): that would move both points one bucket late at low rates.
        var series = Series(10, failFrom: 2.0, failTo: 5.0, perBucket);
        Assert.Equal(TimeSpan.FromSeconds(5), _eval.FirstSustainedHealthy(series, TimeSpan.FromSeconds(2), new Criterion(0.01, TimeSpan.FromSeconds(1))));
        Assert.Equal(TimeSpan.FromSeconds(2.5), _eval.FirstHeld(series, TimeSpan.FromSeconds(2), new Criterion(0.10, TimeSpan.FromSeconds(0.5))));
    }

    [Fact]
    public void FirstSustainedHealthy_PlacesARecoveryInsideAPartlyFailingBucketByTheShareThatFailed()
    {
        // The service came back 30 ms into the bucket at 5.0 s: 30% of its evenly spaced arrivals failed.
        var series = Series(10, failFrom: 2.0, failTo: 5.0);
        series[50] = new BucketSample(series[50].Start, 200, 60);
        var recovered = _eval.FirstSustainedHealthy(series, TimeSpan.FromSeconds(2), new Criterion(0.01, TimeSpan.FromSeconds(1)));
        Assert.Equal(5030, recovered!.Value.TotalMilliseconds, precision: 3);
    }

    [Fact]
    public void FirstHeld_IsNullWhenTheFailureIsShorterThanTheWindow()
    {
        var series = Series(10, failFrom: 2.0, failTo: 2.5);
        Assert.Null(_eval.FirstHeld(series, TimeSpan.Zero, new Criterion(0.10, TimeSpan.FromSeconds(1))));
    }

    [Fact]
    public void FirstSustainedHealthy_IsTheStartOfTheHealthyWindowAfterTheOutage()
    {
        var series = Series(10, failFrom: 2.0, failTo: 6.0);
        var recovered = _eval.FirstSustainedHealthy(series, TimeSpan.FromSeconds(2), new Criterion(0.01, TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(6), recovered);
    }

    [Fact]
    public void FirstSustainedHealthy_IgnoresABriefHealthySpellInsideTheOutage()
    {
        var series = Series(12, failFrom: 2.0, failTo: 8.0);
        for (var i = 40; i < 45; i++) series[i] = series[i] with { Errors = 0 }; // 4.0-4.5 s look healthy
        var recovered = _eval.FirstSustainedHealthy(series, TimeSpan.FromSeconds(2), new Criterion(0.01, TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(8), recovered);
    }

    [Fact]
    public void RateAt_WidensToOneSecondWhenABucketHasTooFewRequests()
    {
        var series = Enumerable.Range(0, 10).Select(i => new BucketSample(TimeSpan.FromMilliseconds(i * 100), 20, i == 9 ? 20 : 0)).ToList();
        // The last bucket alone is 100% errors; over the 100 requests of the last five buckets it is 20%.
        Assert.Equal(0.2, _eval.RateAt(series, 9));
    }

    [Fact]
    public void FirstSustainedHealthy_IsNullWhenTheServiceNeverRecovers()
    {
        var series = Series(5, failFrom: 1, failTo: 99);
        Assert.Null(_eval.FirstSustainedHealthy(series, TimeSpan.FromSeconds(1), new Criterion(0.01, TimeSpan.FromSeconds(1))));
    }
}
