using System.Text.Json;
using System.Xml.Linq;
using Runbooks.Core.Timing;
using Runbooks.Drills.Definitions;
using Runbooks.Drills.Measurement;
using Runbooks.Drills.Reports;

namespace Runbooks.Tests.Drills.Reports;

/// <summary>Where a drill judges latency, every report shows the p95 it measured, labelled measured; elsewhere none.</summary>
public sealed class LatencyReportTests
{
    // worker-rollback as a slow release: healthy buckets answered with a p95 of 2.5 ms, slow ones with 1512 ms, from the
    // fault (1 s) until the recovery (4.3 s).
    private static DrillResult SlowRollback()
    {
        var r = SampleResults.WorkerRollback(recoveredAt: 4.3);
        var drill = r.Drill with
        {
            Name = "worker-rollback-slow",
            Detect = new Criterion(null, TimeSpan.FromMinutes(2)) { P95 = LatencyThreshold.Of(TimeSpan.FromMilliseconds(1000)) },
            Recovered = new Criterion(0.01, TimeSpan.FromMinutes(1)) { P95 = LatencyThreshold.Of(TimeSpan.FromMilliseconds(1000)) },
        };
        var series = r.Series.Select(b => b with { Errors = 0, P95 = b.Start >= r.Timeline.Fault && b.Start < r.Timeline.Recovered ? 1512 : 2.5 }).ToList();
        return r with
        {
            Drill = drill,
            Series = series,
            Latency = LatencyFigures.Of(drill, r.TimeScale, series, r.Timeline, TimeSpan.FromMilliseconds(2.5), r.BucketSize),
        };
    }

    [Fact]
    public void The_figures_are_the_warm_up_the_worst_bucket_and_the_recovered_window_against_the_thresholds_in_force()
    {
        var l = SlowRollback().Latency!;

        Assert.Equal(2.5, l.WarmUp!.Value.TotalMilliseconds);
        Assert.Equal(1512, l.Worst!.Value.TotalMilliseconds);
        Assert.Equal(2.5, l.Recovered!.Value.TotalMilliseconds);
        Assert.Equal(1000, l.DetectThreshold!.Value.TotalMilliseconds);
        Assert.Equal(1000, l.RecoveredThreshold!.Value.TotalMilliseconds);
        Assert.Null(SampleResults.WorkerRollback(recoveredAt: 4.3).Latency);
    }

    [Fact]
    public void Console_markdown_json_and_junit_show_the_measured_p95()
    {
        var r = SlowRollback();
        const string Sentence = "p95 latency (measured): 2.5 ms before the fault, 1512 ms at worst, 2.5 ms over the recovered window; "
            + "detect above 1000 ms, recovered under 1000 ms.";

        Assert.Contains("worker-rollback-slow: " + Sentence, VerdictTable.Render([r]));
        var md = MarkdownDrillReport.Render(r);
        Assert.Contains("## Latency (p95, measured)", md);
        Assert.Contains("| fault to recovery, worst bucket | 1512 ms | detect above 1000 ms |", md);
        Assert.Contains("| recovered window, worst bucket | 2.5 ms | recovered under 1000 ms |", md);
        var json = JsonDocument.Parse(JsonDrillReport.Render(r)).RootElement;
        var latency = json.GetProperty("latency");
        Assert.Equal("measured", latency.GetProperty("kind").GetString());
        Assert.Equal(1512, latency.GetProperty("worstP95Ms").GetDouble());
        Assert.Equal(1000, latency.GetProperty("detectP95ThresholdMs").GetDouble());
        Assert.Equal("startMs,count,errors,p50Ms,p99Ms,p95Ms", json.GetProperty("bucketColumns").GetString());
        Assert.Equal(1512, json.GetProperty("buckets")[20][5].GetDouble());
        var junit = XDocument.Parse(JUnitDrillReport.Render([r]));
        Assert.Contains(Sentence, junit.Descendants("system-out").Single().Value);
    }

    [Fact]
    public void A_drill_judging_errors_only_shows_no_p95_and_keeps_its_json_as_before()
    {
        var r = SampleResults.WorkerRollback(recoveredAt: 4.3);
        Assert.DoesNotContain("p95", VerdictTable.Render([r]));
        Assert.DoesNotContain("Latency", MarkdownDrillReport.Render(r));
        Assert.False(JsonDocument.Parse(JsonDrillReport.Render(r)).RootElement.TryGetProperty("latency", out _));
    }

    [Fact]
    public void The_figures_do_not_depend_on_the_time_scale()
    {
        var r = SlowRollback();
        var at05 = LatencyFigures.Of(r.Drill, new TimeScale(0.5), r.Series, r.Timeline, TimeSpan.FromMilliseconds(2.5), r.BucketSize);
        Assert.Equal(r.Latency!.Worst, at05!.Worst);
        Assert.Equal(r.Latency.DetectThreshold, at05.DetectThreshold);
    }
}
