using System.Text.Json.Nodes;
using Runbooks.Drills.Environments.Simulator;
using Runbooks.Providers.Cloudflare;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Providers.Cloudflare;

/// <summary>
/// Each Cloudflare operation sends exactly wrangler's call (checked in the simulator's request journal), reads the answer's
/// shape, and leaves the model where Cloudflare would.
/// </summary>
public sealed class CloudflareClientContractTests(SimulatorFixture fixture) : SimulatorTest(fixture)
{
    private string Script => $"/client/v4/accounts/{AccountId}/workers/scripts/{Worker}";

    [Fact]
    public async Task ListDeployments_SendsBearerGet_AndReturnsServingDeploymentFirst()
    {
        var (bad, _) = ReleaseBadWorker();
        using var cf = Fixture.Cloudflare();
        var deployments = await cf.Deployments(Worker);

        Assert.Equal(bad, deployments[0].SingleVersionId);
        var request = Assert.Single(await Journal());
        Assert.Equal(("GET", Script + "/deployments", ""), (request.Method, request.Path, request.Query));
        Assert.Equal("Bearer " + SimulatorFixture.Token, request.Headers["Authorization"]);
    }

    [Fact]
    public async Task RollbackWorker_DeploysThePreviousFullVersion_AsWranglerDoes_AndHealthRecoversAfterPropagation()
    {
        var (bad, good) = ReleaseBadWorker();
        using var cf = Fixture.Cloudflare();
        using var http = Fixture.Http();
        Assert.False((await http.Check(WorkerUrl + "/api/health")).Healthy);

        var result = await cf.RollbackWorker(Worker, message: "Rollback: error spike");
        var wait = await http.WaitUntilHealthy(WorkerUrl + "/api/health", TimeSpan.FromSeconds(10));

        Assert.Equal((bad, good, false), (result.FromVersionId, result.ToVersionId, result.Forced));
        Assert.True(wait.Polls > 1, "health should have been failing for the propagation delay");
        Assert.InRange(wait.TookTime, SimulatorFixture.Propagation * 0.5, TimeSpan.FromSeconds(5));
        var api = await Journal("/client/v4/");
        Assert.Equal(["GET " + Script + "/deployments", "GET " + Script + "/versions/" + good, "POST " + Script + "/deployments"],
            api.Select(r => $"{r.Method} {r.Url}"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$$"""
            {"strategy":"percentage","versions":[{"version_id":"{{{good}}}","percentage":100}],"annotations":{"workers/message":"Rollback: error spike"}}
            """), api[2].Json), api[2].Body);
        Assert.Equal(4, (await cf.Deployments(Worker)).Count); // two to start with, the bad release, and the rollback on top
        Assert.Equal(good, (await cf.Deployments(Worker))[0].SingleVersionId);
    }

    [Fact]
    public async Task RollbackWorker_PastASecretChange_AsksToForce_AndForceRepeatsWithQuery()
    {
        using var cf = Fixture.Cloudflare();
        await cf.PutSecret(Worker, "DATABASE_URL", "postgres://rotated"); // a new version, deployed: the one before has the old value

        var refused = await Assert.ThrowsAsync<CloudflareSecretsChangedException>(() => cf.RollbackWorker(Worker));
        var forced = await cf.RollbackWorker(Worker, force: true);

        Assert.Contains("force: true", refused.Message);
        Assert.Contains("The following secrets have changed: DATABASE_URL", refused.Message);
        Assert.EndsWith("?", refused.Message);
        Assert.True(forced.Forced);
        var posts = (await Journal("/deployments")).Where(r => r.Method == "POST").Select(r => r.Query).ToList();
        Assert.Equal(["", "force=true"], posts);
    }

    [Fact]
    public async Task DeployMaintenanceWorker_UploadsMultipartWithMetadataNamingTheModule_AndHealthTurnsMaintenance()
    {
        using var cf = Fixture.Cloudflare();
        using var http = Fixture.Http();

        await cf.DeployMaintenanceWorker(Worker);
        await Task.Delay(SimulatorFixture.Propagation * 2);

        var put = Assert.Single(await Journal("/client/v4/"));
        Assert.Equal(("PUT", Script, "excludeScript=true&bindings_inherit=strict"), (put.Method, put.Path, put.Query));
        Assert.Contains("multipart/form-data", put.Headers["Content-Type"]);
        Assert.Contains("\"main_module\":\"emergency-worker.mjs\"", put.Body);
        Assert.Contains("filename=emergency-worker.mjs", put.Body.Replace("\"", ""));
        var health = await http.Check(WorkerUrl + "/api/health");
        Assert.Equal(503, (int)health.Status!);
    }

    [Fact]
    public async Task Secrets_PutListDelete_SendWranglersCalls()
    {
        using var cf = Fixture.Cloudflare();
        await cf.PutSecret(Worker, "JWT_SECRET", "s3cr3t-value");
        var names = await cf.Secrets(Worker);
        await cf.DeleteSecret(Worker, "JWT_SECRET");

        Assert.Equal(["API_KEY", "DATABASE_URL", "JWT_SECRET"], names.Select(s => s.Name));
        var calls = await Journal();
        Assert.Equal(["PUT " + Script + "/secrets", "GET " + Script + "/secrets", "DELETE " + Script + "/secrets/JWT_SECRET?url_encoded=true"],
            calls.Select(r => $"{r.Method} {r.Url}"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"name":"JWT_SECRET","text":"s3cr3t-value","type":"secret_text"}"""), calls[0].Json));
    }

    [Fact]
    public async Task RollbackPages_PicksThePreviousSuccessfulProductionDeployment_AndTheSiteRecovers()
    {
        using var cf = Fixture.Cloudflare();
        using var http = Fixture.Http();

        var (_, good) = ReleaseBadPages();
        Assert.False((await http.Check(PagesUrl + "/")).Healthy);

        var result = await cf.RollbackPages(PagesProject);
        await http.WaitUntilHealthy(PagesUrl + "/", TimeSpan.FromSeconds(10));

        Assert.Equal(good, result.ToDeploymentId);
        var calls = await Journal("/client/v4/");
        Assert.Equal([$"GET /client/v4/accounts/{AccountId}/pages/projects/{PagesProject}/deployments?env=production",
            $"POST /client/v4/accounts/{AccountId}/pages/projects/{PagesProject}/deployments/{good}/rollback"],
            calls.Select(r => $"{r.Method} {r.Url}"));
    }

    [Fact]
    public async Task PurgeCache_VerifyToken_Hyperdrive_SendTheDocumentedCalls()
    {
        using var cf = Fixture.Cloudflare();
        await cf.PurgeCache();
        var token = await cf.VerifyToken();
        var configs = await cf.Api.ListHyperdriveConfigs();

        Assert.Equal("active", token.Status);
        Assert.Empty(configs); // the estate names no Hyperdrive config
        var calls = await Journal();
        Assert.Equal([$"POST /client/v4/zones/{ZoneId}/purge_cache", "GET /client/v4/user/tokens/verify",
            $"GET /client/v4/accounts/{AccountId}/hyperdrive/configs"], calls.Select(r => $"{r.Method} {r.Url}"));
        Assert.True(Sim.Model.Zone(ZoneId)!.Purges.Single().Everything);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"purge_everything":true}"""), calls[0].Json));
    }

    [Fact]
    public async Task UnknownWorker_IsOneSentenceNamingIt()
    {
        using var cf = Fixture.Cloudflare();
        var e = await Assert.ThrowsAsync<Runbooks.Providers.Http.ProviderException>(() => cf.Deployments("no-such-worker"));
        Assert.Equal("Cloudflare found no such resource while listing deployments of worker no-such-worker: 10007 This Worker does not exist on your account.", e.Message);
    }
}
