using Runbooks.Drills.Environments.Simulator;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.RunbookScripts;

/// <summary><c>full-emergency-rollback</c> (seed 004, Type 4) composes the per-service runbooks as sub-procedures; run against the simulator.</summary>
public sealed class FullEmergencyRollbackTests(SimulatorFixture fixture) : SimulatorTest(fixture), IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task RollsBackOnlyWhatFails_ByItsOwnRunbook_AndLeavesTheHealthyServicesAlone()
    {
        var (_, good) = ReleaseBadWorker();

        var r = Exec("schema=keep");

        Assert.True(r.ExitCode == 0, r.ToString());
        lock (Sim.Model.Gate) Assert.Equal(good, Sim.Model.Worker(Worker)!.Current!.WholeVersion);
        var steps = _ws.LatestJournal().StepOutcomes();
        Assert.Contains(("worker-rollback/Roll back to the previous version", "ok"), steps);
        Assert.DoesNotContain(steps, s => s.Step.StartsWith("pages-rollback/", StringComparison.Ordinal) || s.Step.StartsWith("vercel-rollback/", StringComparison.Ordinal));
        Assert.Equal(("Verify all systems", "ok"), steps[^1]);
        Assert.DoesNotContain(await Journal("/client/v4/"), q => q.Method != "GET" && !q.Path.Contains($"/scripts/{Worker}/", StringComparison.Ordinal));
        Assert.Empty(await Journal("/v13/deployments")); // Vercel untouched
        // The status page heard of it as it went: the rollback under way, then each procedure's own word, then the end.
        lock (Sim.Model.Gate)
        {
            var page = Sim.Model.Communications.Posts.Where(p => p.Channel == "status page").ToList();
            Assert.Equal("identified", page[0].Status);
            Assert.StartsWith("Full emergency rollback under way: pitchey-production failing.", page[0].Text);
            Assert.Equal(("monitoring", true), (page[^1].Status, page[^1].Text.StartsWith("Full emergency rollback done", StringComparison.Ordinal)));
            Assert.Equal(page.Count, Sim.Model.Communications.Posts.Count(p => p.Channel == "Slack"));
        }
    }

    [Fact]
    public async Task WhenTheProviderRefusesTheToken_ExitsOne_NamingTheSubProceduresStep()
    {
        ReleaseBadWorker();
        await Sim.Faults.InvalidTokenAsync(SimulatedApi.Cloudflare);

        var r = Exec("schema=keep");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("Step 'worker-rollback/Check current deployment' failed: Cloudflare rejected the API token", r.Stderr);
        Assert.Equal("failed", _ws.LatestJournal().Named("procedure.end").Single().GetProperty("outcome").GetString());
    }

    private CliResult Exec(params string[] parameters)
    {
        // The sub-procedures are runbooks of the same folder.
        foreach (var sub in new[] { "worker-rollback", "pages-rollback", "vercel-rollback", "db-migration-rollback", "db-restore" })
            _ws.Runbook(sub + ".csx", File.ReadAllText(Path.Combine(Runbooks.Drills.Environments.RepositoryLayout.FindRoot(), "runbooks", sub + ".csx")));
        return SimulatedExec.Run(Sim, _ws, "full-emergency-rollback", null, parameters);
    }
}
