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
}
