using System.Text.Json.Nodes;
using Runbooks.Providers.Http;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Providers.Vercel;

/// <summary>Each Vercel operation sends the CLI's call with <c>teamId</c>; rollback polls the alias job to its end.</summary>
public sealed class VercelClientContractTests(SimulatorFixture fixture) : SimulatorTest(fixture)
{
    private string Team => "teamId=" + TeamId;

    [Fact]
    public async Task Rollback_PollsTheAliasJobUntilSucceeded_AndTheAppRecovers()
    {
        var (bad, good) = ReleaseBadVercel();
        using var vercel = Fixture.Vercel();
        using var http = Fixture.Http();
        Assert.False((await http.Check(VercelAppUrl + "/api/health")).Healthy);

        var result = await vercel.Rollback(VercelProject);
        var health = await http.Check(VercelAppUrl + "/api/health");

        Assert.Equal((bad, good), (result.FromDeploymentId, result.ToDeploymentId));
        Assert.True(result.Polls > 1, "the alias job should have been in progress first");
        Assert.True(health.Healthy);
        var calls = (await Journal("/v")).Where(r => !r.Url.StartsWith("/sim", StringComparison.Ordinal)).ToList();
        Assert.Equal($"GET /v9/projects/{VercelProject}?{Team}", $"{calls[0].Method} {calls[0].Url}");
        Assert.Equal($"GET /v6/deployments?projectId={VercelProjectId}&target=production&state=READY&limit=20&{Team}", $"{calls[1].Method} {calls[1].Url}");
        Assert.Equal($"POST /v9/projects/{VercelProjectId}/rollback/{good}?{Team}", $"{calls[2].Method} {calls[2].Url}");
        Assert.Equal("{}", calls[2].Body);
        Assert.All(calls.Skip(3), c => Assert.Equal($"GET /v9/projects/{VercelProjectId}?rollbackInfo=true&{Team}", $"{c.Method} {c.Url}"));
    }

    [Fact]
    public async Task Rollback_WhenTheAliasJobFails_SaysWhichDomainsStillPointElsewhere()
    {
        var (bad, good) = ReleaseBadVercel();
        await Sim.Faults.AliasJobFailsAsync();
        using var vercel = Fixture.Vercel();

        var e = await Assert.ThrowsAsync<ProviderException>(() => vercel.Rollback(VercelProject));

        Assert.Equal($"Vercel failed to rollback project {VercelProject} to deployment {good}: these domains still point elsewhere: {VercelProject}.vercel.app.", e.Message);
        Assert.Equal(bad, Sim.Model.VercelProject(VercelProject)!.Production(Sim.Model.Now).Id); // production stayed where it was
        Assert.Contains(await Journal(), r => r.Url == $"/v9/projects/{VercelProjectId}/rollback/aliases?failedOnly=true&limit=20&{Team}");
    }

    [Fact]
    public async Task Rollback_StillRunningAtTheTimeout_FailsWithOneSentence()
    {
        // The job outlasts the test: with the default 2 s job a stalled machine (a 2 s pause before the first poll)
        // saw it succeed and the timeout was never reached, so the outcome depended on load, not on the client.
        await Sim.ResetAsync(Runbooks.Core.Timing.RunClock.RealTime(), SimulatorFixture.Timings with { VercelAliasJob = TimeSpan.FromMinutes(10) });
        var (_, good) = ReleaseBadVercel();
        using var vercel = Fixture.Vercel();

        var e = await Assert.ThrowsAsync<ProviderException>(() => vercel.Rollback(VercelProject, timeout: TimeSpan.FromMilliseconds(250)));

        Assert.StartsWith($"Vercel's rollback of project {VercelProject} to deployment {good} was still in-progress after ", e.Message);
    }

    [Fact]
    public async Task KillSwitch_UpsertsTheVariableForProduction()
    {
        using var vercel = Fixture.Vercel();

        var env = await vercel.SetEnv(VercelProject, "PROCESSING_ENABLED", "false", comment: "incident");

        Assert.Equal("PROCESSING_ENABLED", env.Key);
        var call = Assert.Single(await Journal());
        Assert.Equal($"POST /v10/projects/{VercelProject}/env?upsert=true&{Team}", $"{call.Method} {call.Url}");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"key":"PROCESSING_ENABLED","value":"false","type":"encrypted","target":["production"],"comment":"incident"}"""),
            call.Json), call.Body);
    }

    [Fact]
    public async Task EnvVars_ListUpdateDelete_UseTheDocumentedPaths()
    {
        using var vercel = Fixture.Vercel();

        var envs = await vercel.Env(VercelProject);
        var id = envs.Single(e => e.Key == "PROCESSING_ENABLED").Id;
        var updated = await vercel.Api.UpdateEnv(VercelProject, id, new Runbooks.Providers.Vercel.EnvVarPatch { Value = "false" });
        await vercel.Api.DeleteEnv(VercelProject, id);

        Assert.Equal("false", updated.Value);
        Assert.Equal([$"GET /v10/projects/{VercelProject}/env?{Team}", $"PATCH /v9/projects/{VercelProject}/env/{id}?{Team}",
            $"DELETE /v9/projects/{VercelProject}/env/{id}?{Team}"], (await Journal()).Select(r => $"{r.Method} {r.Url}"));
    }

    [Fact]
    public async Task Promote_AfterARollback_WaitsForThePromoteJob()
    {
        var (bad, _) = ReleaseBadVercel();
        using var vercel = Fixture.Vercel();
        await vercel.Rollback(VercelProject);

        var result = await vercel.Promote(VercelProject, bad);

        Assert.Equal(("promote", bad), (result.Type, result.ToDeploymentId));
        Assert.Contains(await Journal(), r => r.Method == "POST" && r.Url == $"/v10/projects/{VercelProjectId}/promote/{bad}?{Team}");
        Assert.Equal(bad, Sim.Model.VercelProject(VercelProject)!.Production(Sim.Model.Now).Id);
    }
}
