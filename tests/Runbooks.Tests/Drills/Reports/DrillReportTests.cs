using System.Xml.Linq;
using Runbooks.Drills.Baselines;
using Runbooks.Drills.Measurement;
using Runbooks.Drills.Reports;

namespace Runbooks.Tests.Drills.Reports;

public sealed class DrillReportTests
{
    [Fact]
    public void JUnit_HasOneCasePerDrillAndAFailureWithTheProjectedFigures()
    {
        var passed = SampleResults.WorkerRollback(recoveredAt: 4.3);
        var breached = SampleResults.WorkerRollback(recoveredAt: 8.0) with { Drill = passed.Drill with { Name = "slow-propagation" } };

        var xml = XDocument.Parse(JUnitDrillReport.Render([passed, breached]));

        var cases = xml.Descendants("testcase").ToList();
        Assert.Equal(["worker-rollback", "slow-propagation"], cases.Select(c => c.Attribute("name")!.Value));
        Assert.Null(cases[0].Element("failure"));
        var failure = cases[1].Element("failure")!;
        // 2 min window + 0.1 s work + 4.4 s of propagation at 0.02 (3 min 40 s) + 0.1 s until stable.
        Assert.Contains("RTO breach: projected 5 min 40 s against the P0 acceptable RTO of 5m (measured 7000 ms at time scale 0.02)", failure.Attribute("message")!.Value);
        Assert.Contains("The provider time (simulated) decides this RTO", failure.Value);
        Assert.Equal("1", xml.Descendants("testsuite").Single().Attribute("failures")!.Value);
    }

    [Fact]
    public void Markdown_FillsTheSeedsIncidentReportTimelineWithDrillAndProjectedTimes()
    {
        var md = MarkdownDrillReport.Render(SampleResults.WorkerRollback(recoveredAt: 4.3));

        Assert.StartsWith("# Incident Report: Drill worker-rollback", md);
        Assert.Contains("| Issue detected | +2.4 s | +2 min |", md);
        Assert.Contains("| System stable | +3.3 s | +2 min 35 s |", md);
        Assert.Contains("| provider time | simulated | 700 ms | 35.0 s | Cloudflare propagation |", md);
        Assert.Contains("| alert rule window | assumed | 2400 ms | 2 min | the alert rule's 2 min window |", md);
        Assert.Contains("- The alert rule window (assumed) decides this RTO: 2 min of 2 min 35 s", md);
        Assert.Contains("within acceptable", md);
    }

    [Fact]
    public void Html_DrawsTheSeriesAndMarksEveryMeasuredPoint()
    {
        var html = HtmlDrillReport.Render(SampleResults.WorkerRollback(recoveredAt: 4.3));

        Assert.Contains("<svg", html);
        foreach (var mark in new[] { "fault 1.00s", "detected 3.40s", "responded 3.40s", "mitigated 3.90s", "recovered 4.30s" })
            Assert.Contains(mark, html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public void Json_CarriesTheVerdictTimelineAndEveryBucket()
    {
        var r = SampleResults.WorkerRollback(recoveredAt: 4.3);
        var json = System.Text.Json.JsonDocument.Parse(JsonDrillReport.Render(r)).RootElement;

        Assert.True(json.GetProperty("passed").GetBoolean());
        var rto = json.GetProperty("rto");
        Assert.Equal(3300, rto.GetProperty("measuredMs").GetDouble());
        // The verdict judges the projected figure, and the JSON says so.
        Assert.Equal(155200, rto.GetProperty("projectedRealWorldMs").GetDouble(), precision: 0);
        Assert.Equal("within acceptable", rto.GetProperty("verdict").GetString());
        Assert.Equal("projectedRealWorldMs", rto.GetProperty("verdictOn").GetString());
        var phases = json.GetProperty("projection").GetProperty("phases").EnumerateArray().ToList();
        Assert.Equal(["assumed", "measured", "simulated", "measured"], phases.Select(p => p.GetProperty("kind").GetString()));
        Assert.Equal(155200, phases.Sum(p => p.GetProperty("projectedMs").GetDouble()), precision: 0);
        Assert.Equal(r.Series.Count, json.GetProperty("buckets").GetArrayLength());
    }

    [Fact]
    public void Json_BaselineKeepsItsFieldsAndAddsKeySamplesAndTheMuchFasterFlag()
    {
        var key = new BaselineKey("Release", new Runbooks.Core.Timing.TimeScale(0.02));
        var faster = SampleResults.WorkerRollback(recoveredAt: 4.3) with
        {
            Baseline = DrillJudge.CompareBaseline(TimeSpan.FromMilliseconds(500), new Baseline(key, new[] { 1600.0, 1711, 1800 }.Select(TimeSpan.FromMilliseconds))),
        };
        var none = faster with { Baseline = DrillJudge.CompareBaseline(TimeSpan.FromMilliseconds(500), Baseline.None(new BaselineKey("Debug", new Runbooks.Core.Timing.TimeScale(0.02)))) };

        var b = System.Text.Json.JsonDocument.Parse(JsonDrillReport.Render(faster)).RootElement.GetProperty("baseline");
        var n = System.Text.Json.JsonDocument.Parse(JsonDrillReport.Render(none)).RootElement.GetProperty("baseline");

        Assert.Equal(500, b.GetProperty("measuredMs").GetDouble());
        Assert.Equal(1711, b.GetProperty("baselineMs").GetDouble()); // the median
        Assert.Equal(1711 * 1.5 + 750, b.GetProperty("limitMs").GetDouble());
        Assert.False(b.GetProperty("regressed").GetBoolean());
        Assert.Equal("Release@0.02", b.GetProperty("key").GetString());
        Assert.Equal(3, b.GetProperty("samples").GetInt32());
        Assert.True(b.GetProperty("muchFaster").GetBoolean());
        Assert.StartsWith("Much faster than its baseline: runbook work 500 ms against a median of 1,711 ms", b.GetProperty("note").GetString());
        Assert.Equal("Debug@0.02", n.GetProperty("key").GetString());
        Assert.Equal(0, n.GetProperty("samples").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, n.GetProperty("baselineMs").ValueKind);
        Assert.False(n.GetProperty("regressed").GetBoolean());
        Assert.Equal("No baseline for Debug at time scale 0.02; `runbooks drill baseline --update` records one.", n.GetProperty("note").GetString());
        // The other reports say the same.
        Assert.Contains("- [ ] Much faster than its baseline", MarkdownDrillReport.Render(faster));
        Assert.Contains("| not compared |", MarkdownDrillReport.Render(none));
        Assert.Contains("worker-rollback: warning: Much faster than its baseline", VerdictTable.Render([faster]));
        Assert.Contains("worker-rollback: No baseline for Debug at time scale 0.02", VerdictTable.Render([none]));
    }
}
