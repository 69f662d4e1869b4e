using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Tests.Fidelity;

/// <summary>vercel 48.12, unmodified, against the simulated estate: rollback, then promote, each waiting on the alias job.</summary>
public sealed class VercelCliFidelityTests(FidelityFixture fixture) : FidelityTest(fixture)
{
    private ClientResult Vercel(params string[] args) => RealClients.Vercel(Sim.VercelApiBaseUrl, [.. args, "--scope", FidelityFixture.TeamId]);

    private SimulatedVercelProject Project => Model.VercelProject(FidelityFixture.Project)!;

    [Fact]
    public void Rollback_ThenPromote_MovesProductionBackAndForth_AsTheNextCallSeesIt()
    {
        var (bad, good) = Read(m =>
        {
            var good = Project.Production(m.Now).Id;
            return (Project.Push(ServiceBehaviour.Failing()).Id, good);
        });
        var goodUrl = Read(_ => Project.Deployment(good)!.Url);

        var rollback = Vercel("rollback", goodUrl, "--yes");

        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.Contains($"was rolled back to {goodUrl}", rollback.Output);
        Assert.Equal(good, Read(m => Project.Production(m.Now).Id));
        Assert.Equal("rollback", Read(_ => Project.LastAliasRequest!.Type));

        var promote = Vercel("promote", bad, "--yes");

        Assert.True(promote.ExitCode == 0, promote.ToString());
        Assert.Contains("promoted", promote.Output);
        Assert.Equal(bad, Read(m => Project.Production(m.Now).Id));
        Assert.Equal(("promote", "succeeded"), Read(m => (Project.LastAliasRequest!.Type, Project.LastAliasRequest.JobStatus(m.Now))));
        Assert.Equal(3, Read(_ => Project.Deployments.Count)); // nothing was rebuilt: promote of a production deployment moves aliases only
    }

    [Fact]
    public void Rollback_WhoseAliasJobFails_ExitsOne_AndListsTheDomain()
    {
        var good = Read(m =>
        {
            var good = Project.Production(m.Now).Id;
            Project.Push(ServiceBehaviour.Failing());
            Project.FailNextAliasJob();
            return good;
        });

        var r = Vercel("rollback", good, "--yes");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"{FidelityFixture.Project}.vercel.app", r.Output);
        Assert.NotEqual(good, Read(m => Project.Production(m.Now).Id));
    }
}
