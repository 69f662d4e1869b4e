using System.Text.Json.Nodes;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Drills.Harness;

/// <summary>
/// Every drill in <c>drills/</c> is an RTO regression test: CI fails when one breaches its budget, loses more data than
/// the RPO allows, or regresses beyond its baseline.
/// </summary>
[Collection(DrillCollection.Name)]
public sealed class DrillSuiteTests(DrillSuiteRun suite)
{
    [Fact]
    public void Every_drill_in_the_drills_folder_passes_and_is_a_junit_test_case()
    {
        Assert.True(suite.Run.ExitCode == 0, suite.Run.ToString());
        var drills = Directory.GetFiles(Path.Combine(DrillCli.RepositoryRoot, "drills"), "*.drill.yaml")
            .Select(f => Path.GetFileName(f).Replace(".drill.yaml", "")).Order().ToList();
        var cases = suite.JUnit.Descendants("testcase").Select(c => (string)c.Attribute("name")!).Order().ToList();
        Assert.Equal(drills, cases);
        Assert.Empty(suite.JUnit.Descendants("failure"));
        Assert.Contains($"{drills.Count} drill(s) passed.", suite.Run.Stdout);
    }

    [Fact]
    public void The_calibration_drill_measures_the_injected_outage_within_one_bucket()
    {
        var timeline = suite.Report("calibration")["timelineMs"]!;
        var injected = timeline["healed"]!.GetValue<double>() - timeline["fault"]!.GetValue<double>();
        var measured = timeline["recovered"]!.GetValue<double>() - timeline["fault"]!.GetValue<double>();
        Assert.InRange(injected, 3995, 4100); // the heal call leaves on the deadline; its acknowledgement lands within a bucket
        Assert.InRange(measured - injected, -100, 100);
    }

    [Fact]
    public void A_restore_from_the_backup_before_the_corruption_reports_the_acknowledged_writes_it_lost_and_their_span()
    {
        var report = suite.Report("db-restore");
        var rpo = report["rpo"]!;
        var lost = rpo["lostWrites"]!.GetValue<long>();
        var acknowledged = rpo["acknowledgedWrites"]!.GetValue<long>();
        Assert.Equal(0, report["runbookExitCode"]!.GetValue<int>());
        Assert.InRange(lost, 1, acknowledged - 1); // writes after the restore survive
        // Lost writes were acknowledged after the backup (before the load began) and before writes were stopped.
        var span = rpo["spanMs"]!.GetValue<double>();
        Assert.InRange(span, 1, report["timelineMs"]!["mitigated"]!.GetValue<double>());
        Assert.Contains($"{lost}/{acknowledged} lost", suite.Run.Stdout);
    }

    [Theory]
    [InlineData("worker-rollback-api-rate-limited", "HTTP 429; retrying")]
    [InlineData("worker-rollback-api-outage", "HTTP 502; retrying")]
    public void A_rollback_rides_out_a_provider_api_that_rate_limits_or_fails_and_the_service_still_recovers(string drill, string retried)
    {
        var report = suite.Report(drill);
        Assert.Equal(0, report["runbookExitCode"]!.GetValue<int>());
        Assert.Contains(retried, File.ReadAllText(Path.Combine(suite.Reports, drill, "journal.jsonl")));
        Assert.NotNull(report["timelineMs"]!["recovered"]);
    }

    [Fact]
    public void Each_drill_leaves_json_markdown_and_an_html_timeline()
    {
        var report = suite.Report("worker-rollback");
        Assert.Equal(["fault", "detected", "responded", "mitigated", "recovered"],
            new[] { "fault", "detected", "responded", "mitigated", "recovered" }.Where(p => report["timelineMs"]![p] is JsonValue).ToArray());
        Assert.True(report["buckets"]!.AsArray().Count > 30);
        Assert.Contains("## Timeline", File.ReadAllText(Path.Combine(suite.Reports, "worker-rollback.md")));
        var html = File.ReadAllText(Path.Combine(suite.Reports, "worker-rollback.html"));
        Assert.Contains("<svg", html);
        Assert.Contains("recovered", html);
    }

    [Fact]
    public void Nothing_the_run_started_is_left_running()
        => Assert.Empty(DrillCli.LeftBehindBy(suite.Run.Pid));
}
