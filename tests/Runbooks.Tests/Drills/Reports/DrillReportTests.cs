using System.Xml.Linq;
using Runbooks.Drills.Reports;

namespace Runbooks.Tests.Drills.Reports;

public sealed class DrillReportTests
{
    [Fact]
    public void JUnit_HasOneCasePerDrillAndAFailureWithMeasuredAndBudgetedFigures()
    {
        var passed = SampleResults.WorkerRollback(recoveredAt: 4.3);
        var breached = SampleResults.WorkerRollback(recoveredAt: 8.0) with { Drill = passed.Drill with { Name = "slow-propagation" } };

        var xml = XDocument.Parse(JUnitDrillReport.Render([passed, breached]));

        var cases = xml.Descendants("testcase").ToList();
        Assert.Equal(["worker-rollback", "slow-propagation"], cases.Select(c => c.Attribute("name")!.Value));
        Assert.Null(cases[0].Element("failure"));
        var failure = cases[1].Element("failure")!;
        Assert.Contains("RTO breach: measured 7000 ms against the P0 acceptable RTO of 6000 ms", failure.Attribute("message")!.Value);
        Assert.Equal("1", xml.Descendants("testsuite").Single().Attribute("failures")!.Value);
    }

    [Fact]
    public void Markdown_FillsTheSeedsIncidentReportTimelineWithScaledAndProjectedTimes()
    {
        var md = MarkdownDrillReport.Render(SampleResults.WorkerRollback(recoveredAt: 3.3));

        Assert.StartsWith("# Incident Report: Drill worker-rollback", md);
        Assert.Contains("| Issue detected | +2.4 s | +2 min |", md);
        Assert.Contains("| System stable | +2.3 s |", md);
        Assert.Contains("within target", md);
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
        Assert.Equal(3300, json.GetProperty("rto").GetProperty("measuredMs").GetDouble());
        Assert.Equal(r.Series.Count, json.GetProperty("buckets").GetArrayLength());
    }
}
