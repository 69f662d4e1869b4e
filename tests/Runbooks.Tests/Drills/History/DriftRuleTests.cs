using Runbooks.Core.Errors;
using Runbooks.Drills.History;

namespace Runbooks.Tests.Drills.History;

public sealed class DriftRuleTests
{
    [Fact]
    public void A_median_that_crept_up_is_drift_although_every_run_passed_within_target()
    {
        // 80 s -> 100 s: every run within the 2 min target, no single step more than 6 s.
        var runs = HistoryRecords.Runs(80, 82, 79, 96, 100, 104);

        var drift = DriftRule.Default.Evaluate(runs);

        Assert.NotNull(drift);
        Assert.All(runs, r => Assert.Equal("pass", r.Result));
        Assert.Equal("drift: worker-rollback RTO median rose from 80.0 s to 100.0 s over the last 6 runs", drift.Sentence);
        Assert.Equal(runs.TakeLast(3), drift.Flagged);
    }

    [Theory]
    [InlineData(new double[] { 80, 82, 79, 81, 80, 83 })]          // flat
    [InlineData(new double[] { 80, 82, 79, 81, 150, 83 })]         // one slow run: the median ignores it
    [InlineData(new double[] { 20, 20, 20, 24, 24.5, 24.9 })]      // +22%, but under 5 s: noise
    [InlineData(new double[] { 3600, 3600, 3600, 3700, 3700, 3700 })] // +100 s, but under 20% of an hour
    [InlineData(new double[] { 80, 82, 96, 100, 104 })]            // too few runs for two windows
    [InlineData(new double[] { 104, 100, 96, 80, 82, 79 })]        // faster is not drift
    public void A_flat_noisy_or_short_history_is_not_drift(double[] seconds)
        => Assert.Null(DriftRule.Default.Evaluate(HistoryRecords.Runs(seconds)));

    [Fact]
    public void Invalid_runs_do_not_count_and_the_thresholds_are_options()
    {
        var runs = HistoryRecords.Runs(80, 82, 79, 96, 100, 104).ToList();
        runs.Insert(4, HistoryRecords.Run(9, null, result: DrillHistoryRecord.Invalid));

        Assert.NotNull(DriftRule.Default.Evaluate(runs));
        Assert.Null(new DriftRule(3, 0.30, TimeSpan.FromSeconds(5)).Evaluate(runs));
        Assert.Null(new DriftRule(3, 0.20, TimeSpan.FromSeconds(30)).Evaluate(runs));
        Assert.NotNull(new DriftRule(2, 0.10, TimeSpan.FromSeconds(5)).Evaluate(runs));
        Assert.Throws<BadInputException>(() => new DriftRule(0, 0.2, TimeSpan.Zero));
        Assert.Throws<BadInputException>(() => new DriftRule(3, -0.1, TimeSpan.Zero));
        Assert.Throws<BadInputException>(() => new DriftRule(3, 0.2, TimeSpan.FromSeconds(-1)));
    }
}
