using Runbooks.Tests.Support;

namespace Runbooks.Tests.Workflows;

/// <summary>
/// <c>scripts/drill-summary.sh</c>, the Markdown verdict table both workflows put in the job summary and the issue: it
/// reads the JSON reports' public fields, so these reports carry only those.
/// </summary>
public sealed class DrillSummaryScriptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("runbooks-summary-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void One_row_per_drill_with_failures_regressions_and_reasons()
    {
        File.WriteAllText(Path.Combine(_dir, "worker-rollback.json"), """
            { "drill": "worker-rollback", "severity": "P0", "passed": true,
              "rto": { "projectedRealWorldMs": 141000, "targetMs": 120000, "acceptableMs": 300000, "verdict": "within acceptable" },
              "rpo": null, "baseline": { "baselineMs": 107, "regressed": false, "muchFaster": false, "note": null, "coldStart": false }, "failures": [] }
            """);
        File.WriteAllText(Path.Combine(_dir, "db-restore.json"), """
            { "drill": "db-restore", "severity": "P1", "passed": false,
              "rto": { "projectedRealWorldMs": 912345, "targetMs": 600000, "acceptableMs": 900000, "verdict": "breach" },
              "rpo": { "acknowledgedWrites": 400, "lostWrites": 12, "spanMs": 2500, "verdict": "within target" },
              "baseline": { "baselineMs": 90, "regressed": true, "muchFaster": false, "note": null, "coldStart": false },
              "failures": ["RTO 15 min 12 s | beyond the acceptable 15 min"] }
            """);
        File.WriteAllText(Path.Combine(_dir, "calibration.json"), """
            { "drill": "calibration", "severity": "P0", "passed": false, "invalid": "the load generator fell behind",
              "rto": { "projectedRealWorldMs": null, "targetMs": 120000, "acceptableMs": 300000, "verdict": "breach" }, "failures": [] }
            """);
        File.WriteAllText(Path.Combine(_dir, "history.json"), """[{ "not": "a drill report" }]""");

        var result = Summary(_dir);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n');
        Assert.Equal("### RTO drills: 1 passed, 1 failed, 1 invalid", lines[0]);
        var rows = lines.Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| drill ", StringComparison.Ordinal)).ToList();
        Assert.Equal(
        [
            "| calibration | P0 | - | 2 min / 5 min | - | - | - | INVALID |",
            "| db-restore | P1 | 15 min 12 s | 10 min / 15 min | breach | 12/400 lost, 2.5 s (within target) | **REGRESSION** | **FAIL** |",
            "| worker-rollback | P0 | 2 min 21 s | 2 min / 5 min | within acceptable | - | ok | pass |",
        ], rows);
        Assert.Contains("- **calibration**: invalid: the load generator fell behind", lines);
        Assert.Contains(@"- **db-restore**: RTO 15 min 12 s \| beyond the acceptable 15 min", lines);
    }

    [Fact]
    public void A_folder_without_reports_says_so_and_exits_2()
    {
        var result = Summary(_dir);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("No drill reports", result.Stdout);
    }

    private static ToolResult Summary(string dir)
    {
        // The script needs jq; without it the test fails naming the command that installs it.
        var jq = Tool.Run("bash", ["-c", "command -v jq"], PostgresServer.RepositoryRoot, TimeSpan.FromSeconds(10), "");
        Assert.True(jq.ExitCode == 0, "scripts/drill-summary.sh needs jq: `bash scripts/prerequisites.sh` installs it.");
        return Tool.Run("bash", [Path.Combine("scripts", "drill-summary.sh"), dir], PostgresServer.RepositoryRoot, TimeSpan.FromSeconds(30),
            "bash is needed to run scripts/drill-summary.sh.");
    }
}
