using Runbooks.Drills.History;
using Runbooks.Tests.Drills.History;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Cli;

/// <summary><c>drill history</c> over records written into a temporary history folder: no drill runs.</summary>
public sealed class DrillHistoryCommandTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private string History => _ws.PathOf("history");

    private void Record(params DrillHistoryRecord[] records)
    {
        var store = new DrillHistoryStore(History);
        foreach (var r in records) store.Append(r);
    }

    [Fact]
    public void After_three_runs_the_console_shows_their_trend_against_the_target_and_writes_the_page()
    {
        Record(HistoryRecords.Run(0, 112.4), HistoryRecords.Run(1, 131.0), HistoryRecords.Run(2, 95.5));

        var run = RunbooksCli.Run(_ws.Root, "drill", "history", "worker-rollback", "--history-dir", History);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("worker-rollback (P0): RTO target 2 min, acceptable 5 min; the last 3 of 3 run(s)", run.Stdout);
        Assert.Matches(@"WHEN \(UTC\)\s+COMMIT\s+ENV\s+SCALE\s+RTO \(projected\)\s+VERDICT\s+RESULT", run.Stdout);
        Assert.Matches(@"2026-11-02 09:00\s+00c0ffe\s+simulated\s+0\.02\s+112\.4 s\s+within target\s+pass", run.Stdout);
        Assert.Matches(@"2026-11-02 10:00\s+01c0ffe\s+simulated\s+0\.02\s+2 min 11 s\s+within acceptable\s+pass", run.Stdout);
        Assert.Matches(@"2026-11-02 11:00\s+02c0ffe\s+simulated\s+0\.02\s+95\.5 s\s+within target\s+pass", run.Stdout);
        Assert.Contains("trend: ▃▄▃  (oldest to newest; █ = 5 min", run.Stdout);
        Assert.DoesNotContain("drift:", run.Stdout);
        var page = File.ReadAllText(Path.Combine(History, "history.html"));
        Assert.Contains("<h2 id=\"worker-rollback\">worker-rollback</h2>", page);
        Assert.Equal(3, page.Split("<circle").Length - 1);
        Assert.Contains("target 2 min", page);
        Assert.Contains("acceptable 5 min", page);
        Assert.DoesNotContain("<script", page);
        Assert.DoesNotContain("http://", page.Replace("http://www.w3.org/2000/svg", ""));
    }

    [Fact]
    public void Last_N_limits_the_table_and_every_drill_with_a_file_is_shown_when_none_is_named()
    {
        Record([.. HistoryRecords.Runs(100, 101, 102, 103), HistoryRecords.Run(0, 4, drill: "calibration")]);

        var run = RunbooksCli.Run(_ws.Root, "drill", "history", "--history-dir", History, "--last", "2");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("calibration (P0): RTO target 2 min, acceptable 5 min; the last 1 of 1 run(s)", run.Stdout);
        Assert.Contains("worker-rollback (P0): RTO target 2 min, acceptable 5 min; the last 2 of 4 run(s)", run.Stdout);
        Assert.DoesNotContain("2026-11-02 10:00", run.Stdout);
        Assert.Contains("2026-11-02 12:00", run.Stdout);
    }

    [Fact]
    public void A_planted_drift_is_flagged_in_the_console_and_on_the_page_and_the_thresholds_are_options()
    {
        Record([.. HistoryRecords.Runs(80, 82, 79, 96, 100, 104)]);

        var run = RunbooksCli.Run(_ws.Root, "drill", "history", "--history-dir", History);
        var looser = RunbooksCli.Run(_ws.Root, "drill", "history", "--history-dir", History, "--drift-percent", "30", "--html", _ws.PathOf("other.html"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("drift: worker-rollback RTO median rose from 80.0 s to 100.0 s over the last 6 runs", run.Stdout);
        Assert.Contains("<p class=\"drift\">drift: worker-rollback RTO median rose", File.ReadAllText(Path.Combine(History, "history.html")));
        Assert.True(looser.ExitCode == 0, looser.ToString());
        Assert.DoesNotContain("drift:", looser.Stdout);
        Assert.True(_ws.Exists("other.html"));
    }

    [Fact]
    public void A_drill_without_history_says_so_and_an_empty_folder_too()
    {
        Record(HistoryRecords.Run(0, 100));

        var named = RunbooksCli.Run(_ws.Root, "drill", "history", "db-restore", "worker-rollback", "--history-dir", History);
        var empty = RunbooksCli.Run(_ws.Root, "drill", "history", "--history-dir", _ws.PathOf("nothing"));

        Assert.True(named.ExitCode == 0, named.ToString());
        Assert.Contains("db-restore: no history yet (`drill run db-restore` records one).", named.Stdout);
        Assert.Contains("worker-rollback (P0)", named.Stdout);
        Assert.True(empty.ExitCode == 0, empty.ToString());
        Assert.Contains("No drill history in", empty.Stdout);
    }

    [Fact]
    public void A_malformed_line_exits_2_naming_the_file_and_the_line()
    {
        Record(HistoryRecords.Run(0, 100), HistoryRecords.Run(1, 100));
        File.AppendAllText(Path.Combine(History, "worker-rollback.jsonl"), "{\"when\": \"yesterday\"\n");

        var run = RunbooksCli.Run(_ws.Root, "drill", "history", "--history-dir", History);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith($"error: {Path.Combine(History, "worker-rollback.jsonl")}:3: not a drill history record (", run.Stderr);
        Assert.False(File.Exists(Path.Combine(History, "history.html")));
    }

    [Fact]
    public void The_folder_defaults_to_historyDir_of_the_drill_settings()
    {
        _ws.Write(".config/drills.json", """{ "timeScale": 0.02, "historyDir": "kept/history" }""");
        new DrillHistoryStore(_ws.PathOf("kept/history")).Append(HistoryRecords.Run(0, 100));

        var run = RunbooksCli.Run(_ws.Root, "drill", "history");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("worker-rollback (P0)", run.Stdout);
        Assert.True(_ws.Exists("kept/history/history.html"));
    }
}
