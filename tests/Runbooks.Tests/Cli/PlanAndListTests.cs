using Runbooks.Tests.Support;

namespace Runbooks.Tests.Cli;

/// <summary><c>plan</c> shows steps without running them; <c>list</c> reads headers without running anything.</summary>
public sealed class PlanAndListTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Plan_ListsStepsInOrderWithDestructiveOnesMarkedAndRunsNone()
    {
        _ws.Runbook("rollback.csx", """
            // Rolls back.
            // Severity: P0
            var worker = Param("worker");
            await Step("List deployments", () => File.WriteAllText("listed", worker));
            await Step("Roll back", () => File.WriteAllText("rolled-back", "yes"), destructive: true);
            await Step("Verify health", () => File.WriteAllText("verified", "yes"));
            """);

        var r = RunbooksCli.Run(_ws.Root, "plan", "rollback");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("1. List deployments", r.Stdout);
        Assert.Matches(@"2\. Roll back\s+\[destructive", r.Stdout);
        Assert.Contains("3. Verify health", r.Stdout);
        Assert.False(_ws.Exists("listed") || _ws.Exists("rolled-back") || _ws.Exists("verified"));
        Assert.False(Directory.Exists(_ws.PathOf(".runbooks/journal")));
    }

    [Fact]
    public void List_ShowsDescriptionSeverityAndRecoveryOfEveryRunbookWithoutRunningIt()
    {
        _ws.Runbook("worker-rollback.csx", """
            // Roll back a Worker to its previous deployment.
            // Severity: P0
            // Recovery: 30s
            File.WriteAllText("ran", "yes");
            """);
        _ws.Runbook("no-header.csx", "Log(\"x\");\n");
        _ws.Runbook("lib/helper.csx", "// A library, not a runbook.\n");

        var r = RunbooksCli.Run(_ws.Root, "list");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Matches(@"worker-rollback\s+P0\s+30s\s+Roll back a Worker to its previous deployment\.", r.Stdout);
        Assert.Matches(@"no-header\s+-\s+-\s+\(no header comment\)", r.Stdout);
        Assert.DoesNotContain("helper", r.Stdout);
        Assert.False(_ws.Exists("ran"));
    }
}
