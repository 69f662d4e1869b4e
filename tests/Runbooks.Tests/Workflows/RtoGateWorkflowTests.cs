namespace Runbooks.Tests.Workflows;

/// <summary>What <c>rto-gate.yml</c> promises: every drill on each PR and push to main, reports published whatever the verdict, the job failed on it.</summary>
public sealed class RtoGateWorkflowTests
{
    private readonly Workflow _workflow = Workflow.Load("rto-gate.yml");

    private IReadOnlyList<WorkflowStep> Steps => _workflow.Steps("drills");

    [Fact]
    public void Runs_on_pull_requests_and_pushes_to_main()
    {
        Assert.NotNull(_workflow.Find("on", "pull_request"));
        Assert.Contains("main", _workflow.Node("on", "push", "branches").AllNodes.Select(n => n.ToString()));
    }

    [Fact]
    public void Installs_the_prerequisites_and_runs_every_drill_in_release_into_reports()
    {
        Assert.Contains(Steps, s => s.Run.Trim() == "bash scripts/prerequisites.sh");
        var drill = Assert.Single(Steps, s => s.Run.Contains("-- drill run", StringComparison.Ordinal));
        Assert.Contains("dotnet run --project src/Runbooks.Cli -c Release -- drill run --all --report-dir reports", drill.Run);
    }

    [Fact]
    public void Publishes_junit_the_summary_and_the_reports_always_and_then_fails_on_the_drill_exit_code()
    {
        var steps = Steps.ToList();
        var junit = Assert.Single(steps, s => s.Uses?.StartsWith("mikepenz/action-junit-report@v", StringComparison.Ordinal) == true);
        Assert.Equal("reports/junit.xml", junit.With("report_paths"));
        var summary = Assert.Single(steps, s => s.Run.Contains("$GITHUB_STEP_SUMMARY", StringComparison.Ordinal));
        Assert.Contains("scripts/drill-summary.sh reports", summary.Run);
        var upload = Assert.Single(steps, s => s.Uses == "actions/upload-artifact@v4");
        Assert.Equal("reports/", upload.With("path"));
        foreach (var s in new[] { junit, summary, upload }) Assert.True(s.If == "always()", $"{s} must run whatever the verdict (if: always()), not {s.If ?? "by default"}.");

        var verdict = steps.FindLastIndex(s => s.Run.Contains("steps.drill.outputs.exit", StringComparison.Ordinal)
            || s.ToString().Contains("Fail on the drill verdict", StringComparison.Ordinal));
        Assert.True(verdict == steps.Count - 1, "The step that fails the job on the drill's exit code must be the last, after every upload.");
        Assert.Equal("always()", steps[verdict].If);
        Assert.Contains("exit 1", steps[verdict].Run);
    }

    [Fact]
    public void The_drill_step_keeps_the_exit_code_instead_of_failing_before_the_uploads()
    {
        var drill = Assert.Single(Steps, s => s.Run.Contains("-- drill run", StringComparison.Ordinal));
        Assert.Contains("set +e", drill.Run);
        Assert.Contains("echo \"exit=$?\" >> \"$GITHUB_OUTPUT\"", drill.Run);
    }
}
