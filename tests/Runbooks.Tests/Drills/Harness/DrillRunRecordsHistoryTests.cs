using System.Text.Json.Nodes;
using Runbooks.Drills.History;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Drills.Harness;

/// <summary><c>drill run</c> end to end: the run leaves one line in its drill's history file.</summary>
[Collection(DrillHistoryCollection.Name)]
public sealed class DrillRunRecordsHistoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("drill-run-history-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void A_drill_run_appends_one_record_with_its_verdicts_phases_and_commit()
    {
        var history = Path.Combine(_dir, "history");
        var run = DrillCli.Run(["drill", "run", "calibration", "--report-dir", Path.Combine(_dir, "reports"), "--history-dir", history], TimeSpan.FromMinutes(2));

        Assert.True(run.ExitCode == 0, run.ToString());
        var line = Assert.Single(File.ReadAllLines(Path.Combine(history, "calibration.jsonl")));
        var json = JsonNode.Parse(line)!.AsObject();
        Assert.Equal(["when", "drill", "commit", "environment", "timeScale", "severity", "rtoTargetMs", "rtoAcceptableMs", "projectedRtoMs",
            "rtoVerdict", "rpo", "phases", "result", "runbookWorkMs"], json.Select(p => p.Key));
        var record = Assert.Single(new DrillHistoryStore(history).Read("calibration"));
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "reports", "calibration.json")))!;
        Assert.Equal(("calibration", "simulated", "P0", 1.0, "pass"), (record.Drill, record.Environment, record.Severity, record.TimeScale, record.Result));
        Assert.InRange(record.When, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow);
        Assert.Equal(report["rto"]!["projectedRealWorldMs"]!.GetValue<double>(), record.ProjectedRtoMs);
        Assert.Equal(report["rto"]!["verdict"]!.GetValue<string>(), record.RtoVerdict);
        Assert.Equal((120_000.0, 300_000.0), (record.RtoTargetMs, record.RtoAcceptableMs));
        Assert.Equal(report["projection"]!["phases"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()), record.Phases.Select(p => p.Name));
        Assert.Null(record.Rpo);
        Assert.Null(record.RunbookWorkMs); // calibration runs no runbook
        Assert.Equal(GitCommit.Resolve(DrillCli.RepositoryRoot), record.Commit);
        Assert.Contains("history: ", run.Stdout);
    }
}
