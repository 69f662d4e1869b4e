using Runbooks.Drills.Load;

namespace Runbooks.Tests.Drills.Load;

/// <summary>The p95 a bucket reports, on known latencies: what a latency criterion judges.</summary>
public sealed class LoadBucketTests
{
    private static LoadBucket Bucket(IEnumerable<double> latenciesMs, long extraPlanned = 0)
    {
        var bucket = new LoadBucket(TimeSpan.FromSeconds(3), requestTimeout: TimeSpan.FromSeconds(2));
        var list = latenciesMs.ToList();
        bucket.Plan(list.Count + extraPlanned);
        foreach (var ms in list) bucket.Complete(error: false, TimeSpan.FromMilliseconds(ms));
        return bucket;
    }

    [Fact]
    public void The_p95_of_a_bucket_is_its_95th_latency_within_two_percent_above_and_never_below()
    {
        // 1..100 ms: the 95th smallest is 95 ms.
        var sample = Bucket(Enumerable.Range(1, 100).Select(i => (double)i)).ToSample();

        Assert.InRange(sample.P95, 95, 95 * 1.02);
        Assert.InRange(sample.P50, 50, 50 * 1.02);
        Assert.Equal(TimeSpan.FromSeconds(3), sample.Start);
    }

    [Fact]
    public void Five_slow_answers_in_a_hundred_do_not_make_the_p95_slow_but_six_do()
    {
        // Seed 001's "p95 < 1000 ms" holds while at most 5% of users wait 1.5 s.
        var five = Bucket(Enumerable.Repeat(2.0, 95).Concat(Enumerable.Repeat(1500.0, 5))).ToSample();
        var six = Bucket(Enumerable.Repeat(2.0, 94).Concat(Enumerable.Repeat(1500.0, 6))).ToSample();

        Assert.InRange(five.P95, 2, 2 * 1.02);
        Assert.InRange(six.P95, 1500, 1500 * 1.02);
    }

    [Fact]
    public void Arrivals_never_answered_count_as_slower_than_the_request_timeout_so_a_hung_service_is_not_fast()
    {
        // 90 fast answers and 10 arrivals still unanswered when the bucket became final (outlived the 2 s timeout).
        var sample = Bucket(Enumerable.Repeat(1.0, 90), extraPlanned: 10).ToSample();

        Assert.Equal(100, sample.Count);
        Assert.Equal(10, sample.Errors);
        Assert.Equal(2000, sample.P95);
    }

    [Fact]
    public void An_empty_bucket_reports_no_latency()
        => Assert.Equal(0, new LoadBucket(TimeSpan.Zero).ToSample().P95);
}
