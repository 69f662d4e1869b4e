using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Runbooks.Drills.Data;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Drills.Harness;

/// <summary>
/// Every drill in <c>drills/</c> is an RTO regression test: CI fails when one breaches its budget, loses more data than
/// the RPO allows, or regresses beyond its baseline.
/// </summary>
[Collection(DrillCollection.Name)]
public sealed class DrillSuiteTests(DrillSuiteRun suite)
{
    // The drill database is the small seed: two pitches per user.
    private static readonly long SeededPitches = 2L * SeedDataOptions.Small.Users;

    [Fact]
    public void Every_drill_in_the_drills_folder_is_a_junit_test_case_and_every_one_passes_the_dump_restores_with_the_rpo_breach_they_expect()
    {
        // A dump restore (custom format or plain SQL) loses the 6 hours since the nightly backup against an RPO of
        // 5 minutes: an honest breach, which those two drills expect and report. Every drill passes.
        Assert.True(suite.Run.ExitCode == 0, suite.Run.ToString());
        var drills = Directory.GetFiles(Path.Combine(DrillCli.RepositoryRoot, "drills"), "*.drill.yaml")
            .Select(f => Path.GetFileName(f).Replace(".drill.yaml", "")).Order().ToList();
        var cases = suite.JUnit.Descendants("testcase").Select(c => (string)c.Attribute("name")!).Order().ToList();
        Assert.Equal(drills, cases);
        Assert.Empty(suite.JUnit.Descendants("failure"));
        Assert.Contains($"{drills.Count} drill(s) passed.", suite.Run.Stdout);
        Assert.DoesNotContain("INVALID", suite.Run.Stdout);
        Assert.Contains("db-restore: RPO breach, as this drill expects:", suite.Run.Stdout);
        Assert.Contains("db-restore-sql: RPO breach, as this drill expects:", suite.Run.Stdout);
    }

    [Theory]
    [InlineData("calibration", 4000.0, 1.0)]              // the service, healed from the harness's clock, at time scale 1
    [InlineData("calibration-database", 60_000.0, 0.02)]  // the database read path, at the default time scale
    public void Each_calibration_drill_places_both_edges_of_its_outage_within_the_resolution_and_projects_it_back(string drill, double realWorldMs, double scale)
    {
        var report = suite.Report(drill);
        var timeline = report["timelineMs"]!;
        var resolution = report["projection"]!["resolutionMs"]!.GetValue<double>();
        var fault = timeline["fault"]!.GetValue<double>();
        var healed = timeline["healed"]!.GetValue<double>();
        Assert.InRange(timeline["faultSeen"]!.GetValue<double>() - fault, -resolution, resolution);
        Assert.InRange(timeline["recovered"]!.GetValue<double>() - healed, -resolution, resolution);
        // What the heal added beyond the injected duration on the drill clock (the heal call's acknowledgement, or the
        // rollback's round trip and the simulator's webhook lag) is measured time, real at every scale, and must stay
        // measured; the rest is the injected outage, projected back. The lag itself is the simulator's responsiveness
        // (tens to a few hundred ms on two busy cores), bounded here only to catch a heal that never came on time.
        var lag = healed - fault - realWorldMs * scale;
        Assert.InRange(lag, -5, 2000);
        var projected = report["rto"]!["projectedRealWorldMs"]!.GetValue<double>();
        Assert.True(Math.Abs(projected - (realWorldMs + lag)) <= resolution, $"{drill}: {realWorldMs} ms (+{lag:0} ms lag) projected as {projected:0} ms");
    }

    [Theory]
    [InlineData("db-restore")]
    [InlineData("db-restore-sql")]
    public void A_restore_from_the_nightly_backup_reports_the_acknowledged_writes_it_lost_and_the_six_hours_they_stand_for(string drill)
    {
        var report = suite.Report(drill);
        var rpo = report["rpo"]!;
        var lost = rpo["lostWrites"]!.GetValue<long>();
        var acknowledged = rpo["acknowledgedWrites"]!.GetValue<long>();
        Assert.Equal(0, report["runbookExitCode"]!.GetValue<int>());
        Assert.InRange(lost, 1, acknowledged - 1); // writes after the restore survive
        // Projected, the loss is the backup's 6 hours plus the 2 minutes until the alert fired and the runbook stopped writes.
        var span = TimeSpan.FromMilliseconds(rpo["spanMs"]!.GetValue<double>());
        Assert.InRange(span, TimeSpan.FromHours(6) + TimeSpan.FromMinutes(2), TimeSpan.FromHours(6) + TimeSpan.FromMinutes(3));
        Assert.Equal("BREACH", rpo["verdict"]!.GetValue<string>());
        var phases = rpo["phases"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!);
        // The backup's age is simulated time (6 h stand for the stretch before the fault), never called measured.
        Assert.Equal("simulated", phases["backup age"]["kind"]!.GetValue<string>());
        Assert.Equal(TimeSpan.FromHours(6).TotalMilliseconds, phases["backup age"]["projectedMs"]!.GetValue<double>(), precision: 0);
        Assert.Contains("alert rule window", phases.Keys);
        Assert.Contains($"{lost}/{acknowledged} lost", suite.Run.Stdout);
        Assert.Contains("RPO breach", suite.Run.Stdout);
    }

    [Fact]
    public void A_point_in_time_repair_of_the_same_corruption_loses_no_acknowledged_write()
    {
        var report = suite.Report("db-pitr-repair");
        var rpo = report["rpo"]!;
        Assert.Equal(0, report["runbookExitCode"]!.GetValue<int>());
        Assert.Equal(0, rpo["lostWrites"]!.GetValue<long>());
        Assert.Equal("within target", rpo["verdict"]!.GetValue<string>());
        Assert.True(report["passed"]!.GetValue<bool>());
        // The writes are pitches: the corruption deleted the seeded ones and every write acknowledged before it, and all came back.
        var log = File.ReadAllText(Path.Combine(suite.Reports, "db-pitr-repair", "journal.jsonl"));
        var deleted = long.Parse(Regex.Match(log, @"The corruption: transaction \d+, committed .* deleted (\d+) and changed 0 rows of pitches").Groups[1].Value);
        Assert.InRange(deleted, SeededPitches + 1, SeededPitches + rpo["acknowledgedWrites"]!.GetValue<long>());
    }

    [Fact]
    public void A_neon_branch_restore_to_the_millisecond_before_the_corruption_loses_no_acknowledged_write()
    {
        var report = suite.Report("db-pitr-repair-neon");
        var rpo = report["rpo"]!;
        Assert.Equal(0, report["runbookExitCode"]!.GetValue<int>());
        Assert.Equal(0, rpo["lostWrites"]!.GetValue<long>());
        var restored = long.Parse(Regex.Match(File.ReadAllText(Path.Combine(suite.Reports, "db-pitr-repair-neon", "journal.jsonl")), @"pitches: (\d+) rows restored").Groups[1].Value);
        Assert.InRange(restored, SeededPitches + 1, SeededPitches + rpo["acknowledgedWrites"]!.GetValue<long>()); // the drill's own writes among them
    }

    [Fact]
    public void A_supabase_restore_to_whole_seconds_loses_the_writes_between_that_second_and_the_corruption_and_says_so()
    {
        // SB-2 takes Unix seconds: the pitches written between that second and the corruption are in neither the restore
        // nor the saved state. Everything written since comes back, and the loss is reported, not hidden.
        var report = suite.Report("db-pitr-repair-supabase");
        var rpo = report["rpo"]!;
        var lost = rpo["lostWrites"]!.GetValue<long>();
        Assert.Equal(0, report["runbookExitCode"]!.GetValue<int>());
        Assert.Equal(0, rpo["lostWhileRunbookRan"]!.GetValue<long>()); // saved before the restore, put back after it
        Assert.True(lost < rpo["acknowledgedWrites"]!.GetValue<long>() / 2, "the writes since the corruption must survive");
        Assert.NotEqual("BREACH", rpo["verdict"]!.GetValue<string>());
        var log = File.ReadAllText(Path.Combine(suite.Reports, "db-pitr-repair-supabase", "journal.jsonl"));
        Assert.Contains("The restore changed 1 of 8 tables: pitches", log, StringComparison.Ordinal);
        if (lost > 0) Assert.Contains("Supabase restores to whole seconds: rows of pitches written from ", log, StringComparison.Ordinal);
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
    public void A_slow_release_is_detected_by_its_p95_rolled_back_and_judged_on_the_p95_it_measured()
    {
        // Seed 001: nothing fails, every answer takes 1.5 s; only the p95 < 1000 ms rule sees it.
        var report = suite.Report("worker-rollback-slow");
        Assert.True(report["passed"]!.GetValue<bool>());
        Assert.Equal(0, report["runbookExitCode"]!.GetValue<int>());
        var timeline = report["timelineMs"]!;
        var detectedAfter = timeline["detected"]!.GetValue<double>() - timeline["fault"]!.GetValue<double>();
        Assert.InRange(detectedAfter, 2400, 2400 + report["projection"]!["resolutionMs"]!.GetValue<double>()); // the 2 min rule at 0.02
        var latency = report["latency"]!;
        Assert.Equal("measured", latency["kind"]!.GetValue<string>());
        Assert.InRange(latency["worstP95Ms"]!.GetValue<double>(), 1500, 2000);
        Assert.InRange(latency["recoveredP95Ms"]!.GetValue<double>(), 0, 1000);
        Assert.Equal(1000, latency["detectP95ThresholdMs"]!.GetValue<double>());
        Assert.Contains("worker-rollback-slow: p95 latency (measured): ", suite.Run.Stdout);
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
