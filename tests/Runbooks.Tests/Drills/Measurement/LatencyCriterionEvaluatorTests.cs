using Runbooks.Drills.Definitions;
using Runbooks.Drills.Measurement;

namespace Runbooks.Tests.Drills.Measurement;

/// <summary>Detect and recovered rules with a p95 condition, on series whose every bucket is known.</summary>
public sealed class LatencyCriterionEvaluatorTests
{
    private static readonly TimeSpan Bucket = TimeSpan.FromMilliseconds(100);
    private readonly CriterionEvaluator _eval = new(Bucket);
    private static TimeSpan S(double s) => TimeSpan.FromSeconds(s);
    private static LatencyThreshold Ms(double ms) => LatencyThreshold.Of(TimeSpan.FromMilliseconds(ms));

    /// <summary>200 requests per 100 ms bucket answered with a p95 of 2 ms, except a p95 of <paramref name="slowMs"/> from <paramref name="slowFrom"/> to <paramref name="slowTo"/>.</summary>
    private static List<BucketSample> Series(double seconds, double slowFrom, double slowTo, double slowMs = 1500, double failFrom = 99, double failTo = 99)
    {
        var list = new List<BucketSample>();
        for (var i = 0; i < seconds * 10; i++)
        {
            var start = TimeSpan.FromMilliseconds(i * 100);
            var slow = start.TotalSeconds >= slowFrom && start.TotalSeconds < slowTo;
            var failing = start.TotalSeconds >= failFrom && start.TotalSeconds < failTo;
            list.Add(new BucketSample(start, 200, failing ? 200 : 0) { P95 = slow ? slowMs : 2 });
        }
        return list;
    }

    [Fact]
    public void A_p95_rule_detects_at_the_end_of_the_first_window_the_p95_stayed_over_the_threshold()
    {
        var series = Series(10, slowFrom: 2.0, slowTo: 6.0);
        Assert.Equal(S(3), _eval.FirstHeld(series, S(2), new Criterion(null, S(1)) { P95 = Ms(1000) }));
    }

    [Fact]
    public void A_p95_under_the_threshold_never_detects_and_errors_alone_do_not_trip_a_p95_only_rule()
    {
        var slowButWithin = Series(10, slowFrom: 2.0, slowTo: 6.0, slowMs: 900);
        Assert.Null(_eval.FirstHeld(slowButWithin, S(2), new Criterion(null, S(1)) { P95 = Ms(1000) }));
        var failingFast = Series(10, slowFrom: 99, slowTo: 99, failFrom: 2, failTo: 6);
        Assert.Null(_eval.FirstHeld(failingFast, S(2), new Criterion(null, S(1)) { P95 = Ms(1000) }));
    }

    [Fact]
    public void Detect_trips_on_whichever_condition_holds_for_the_whole_window_first()
    {
        // Slow from 2 s, failing from 4 s: the latency rule holds first; failing from 2 s and slow from 4 s: the error rule.
        var rule = new Criterion(0.10, S(1)) { P95 = Ms(1000) };
        Assert.Equal(S(3), _eval.FirstHeld(Series(10, slowFrom: 2, slowTo: 8, failFrom: 4, failTo: 8), S(2), rule));
        Assert.Equal(S(3), _eval.FirstHeld(Series(10, slowFrom: 4, slowTo: 8, failFrom: 2, failTo: 8), S(2), rule));
        // Neither holds alone for a whole second when they alternate every half second: two rules, not one "bad" state.
        Assert.Null(_eval.FirstHeld(Series(10, slowFrom: 2, slowTo: 2.5, failFrom: 2.5, failTo: 3), S(2), rule));
    }

    [Fact]
    public void Recovered_needs_every_condition_for_the_whole_window()
    {
        // The errors stop at 5 s but the answers stay slow until 7 s: recovered at 7 s, not 5 s.
        var series = Series(12, slowFrom: 2, slowTo: 7, failFrom: 2, failTo: 5);
        var rule = new Criterion(0.01, S(1)) { P95 = Ms(1000) };
        Assert.Equal(S(7), _eval.FirstSustainedHealthy(series, S(2), rule));
        Assert.Equal(S(5), _eval.FirstSustainedHealthy(series, S(2), new Criterion(0.01, S(1))));
    }

    [Fact]
    public void A_latency_recovery_is_placed_at_the_bucket_edge_not_inside_the_slow_bucket_before_it()
    {
        // The bucket before the window was slow but failed nothing: its error share says nothing about when it sped up.
        var series = Series(10, slowFrom: 2, slowTo: 5);
        Assert.Equal(S(5), _eval.FirstSustainedHealthy(series, S(2), new Criterion(0.01, S(1)) { P95 = Ms(1000) }));
    }

    [Fact]
    public void A_relative_rule_is_judged_against_the_warm_ups_p95_and_not_at_all_without_one()
    {
        // Seed 001's +200%: a warm-up p95 of 300 ms makes the threshold 900 ms; 1000 ms answers breach it, 800 ms ones do not.
        var rule = new Criterion(null, S(1)) { P95 = LatencyThreshold.RelativeToWarmUp(2.0) };
        Assert.Equal(S(3), _eval.FirstHeld(Series(10, slowFrom: 2, slowTo: 6, slowMs: 1000), S(2), rule, warmUpP95: TimeSpan.FromMilliseconds(300)));
        Assert.Null(_eval.FirstHeld(Series(10, slowFrom: 2, slowTo: 6, slowMs: 800), S(2), rule, warmUpP95: TimeSpan.FromMilliseconds(300)));
        Assert.Null(_eval.FirstHeld(Series(10, slowFrom: 2, slowTo: 6, slowMs: 1000), S(2), rule, warmUpP95: null));
    }

    [Fact]
    public void A_bucket_nothing_was_sent_in_neither_starts_nor_breaks_a_slow_run()
    {
        var series = Series(10, slowFrom: 2, slowTo: 6);
        series[25] = new BucketSample(series[25].Start, 0, 0);
        Assert.Equal(S(3), _eval.FirstHeld(series, S(2), new Criterion(null, S(1)) { P95 = Ms(1000) }));
    }
}
