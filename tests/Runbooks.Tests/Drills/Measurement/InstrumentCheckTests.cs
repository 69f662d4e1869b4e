using Runbooks.Drills.Definitions;
using Runbooks.Drills.Measurement;

namespace Runbooks.Tests.Drills.Measurement;

/// <summary>Right or invalid, never wrong: the instrument says when a slow service would blur the edges it measures.</summary>
public sealed class InstrumentCheckTests
{
    private static readonly TimeSpan Bucket = TimeSpan.FromMilliseconds(100);
    private static readonly Criterion Healthy = new(0.01, TimeSpan.FromSeconds(1));
    private readonly InstrumentCheck _check = new(Bucket);

    private static BucketSample At(int ms, long errors = 0, double p99 = 5) => new(TimeSpan.FromMilliseconds(ms), 100, errors, 2, p99);

    private static List<BucketSample> Series(int from, int to, long errors = 0, double p99 = 5)
        => Enumerable.Range(from / 100, (to - from) / 100).Select(i => At(i * 100, errors, p99)).ToList();

    [Fact]
    public void A_healthy_fast_service_is_steady_once_the_window_is_covered()
    {
        Assert.True(_check.IsSteady(Series(0, 500), Healthy, TimeSpan.FromMilliseconds(500)));
        Assert.False(_check.IsSteady(Series(0, 400), Healthy, TimeSpan.FromMilliseconds(500))); // the window is not yet covered
    }

    [Fact]
    public void A_service_still_queueing_is_not_steady_and_the_sentence_names_the_bucket_that_kept_it_out()
    {
        var warmingUp = Series(0, 300).Append(At(300, p99: 180)).Concat(Series(400, 800)).ToList();

        Assert.False(_check.IsSteady(warmingUp, Healthy, TimeSpan.FromMilliseconds(500)));
        Assert.Equal("at 300 ms it failed 0% of requests with a p99 of 180 ms (steady means at most 1% and 50 ms)",
            _check.DescribeUnsteady(warmingUp, Healthy));
        Assert.True(_check.IsSteady(warmingUp.Concat(Series(800, 900)).ToList(), Healthy, TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public void A_service_failing_more_than_the_recovered_rate_is_not_steady()
        => Assert.False(_check.IsSteady(Series(0, 500, errors: 2), Healthy, TimeSpan.FromMilliseconds(500)));

    [Fact]
    public void A_recovery_answered_within_a_bucket_is_placed_and_one_answered_late_is_not()
    {
        var clean = Series(0, 1000);
        var late = Series(0, 500).Append(At(500, p99: 140)).Concat(Series(600, 1000)).ToList();

        Assert.Null(_check.RecoveryEdgeProblem(clean, TimeSpan.FromMilliseconds(450)));
        Assert.StartsWith("the service answered with a p99 of 140 ms just after it recovered (at 500 ms), more than the 100 ms resolution",
            _check.RecoveryEdgeProblem(late, TimeSpan.FromMilliseconds(450)));
        Assert.Null(_check.RecoveryEdgeProblem(late, TimeSpan.FromMilliseconds(850))); // the late bucket is no longer at the edge
    }

    [Fact]
    public void A_staging_network_with_a_120_ms_baseline_is_steady_against_its_own_warm_up_while_a_loopback_drill_with_the_same_buckets_is_not()
    {
        // Recorded over a 120 ms round trip: the warm-up (one cold first connection in it) and the window that follows.
        var warmUp = Series(0, 500, p99: 120).Select((b, i) => i == 0 ? b with { P99 = 900 } : b).ToList();
        var series = warmUp.Concat(Series(500, 1000, p99: 135)).ToList();
        var staging = SteadyStateRule.FromWarmUp(Bucket, warmUp);

        Assert.Equal(TimeSpan.FromMilliseconds(120), staging.BaselineP99); // the median: the cold connection does not set it
        Assert.Equal(TimeSpan.FromMilliseconds(240), staging.P99Bound);
        Assert.True(_check.IsSteady(series, Healthy, TimeSpan.FromMilliseconds(500), staging));
        // The loopback drill is judged as before: 50 ms, the same sentence.
        Assert.False(_check.IsSteady(series, Healthy, TimeSpan.FromMilliseconds(500)));
        Assert.Equal("at 900 ms it failed 0% of requests with a p99 of 135 ms (steady means at most 1% and 50 ms)", _check.DescribeUnsteady(series, Healthy));
        // A staging service that really queues (three times its baseline) is still unsteady, and the sentence says against what.
        var queueing = series.Append(At(1000, p99: 400)).ToList();
        Assert.False(_check.IsSteady(queueing, Healthy, TimeSpan.FromMilliseconds(500), staging));
        Assert.Equal("at 1000 ms it failed 0% of requests with a p99 of 400 ms (steady means at most 1% and 240 ms, 2x the 120 ms p99 measured while warming up)",
            _check.DescribeUnsteady(queueing, Healthy, staging));
    }

    [Fact]
    public void A_warm_up_that_measured_nothing_or_was_faster_than_loopback_keeps_the_loopback_bound()
    {
        Assert.Equal(SteadyStateRule.Loopback(Bucket), SteadyStateRule.FromWarmUp(Bucket, []));
        Assert.Equal(TimeSpan.FromMilliseconds(50), SteadyStateRule.FromWarmUp(Bucket, Series(0, 500, p99: 3)).P99Bound);
    }
}
