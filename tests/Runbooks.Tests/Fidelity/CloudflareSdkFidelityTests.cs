namespace Runbooks.Tests.Fidelity;

/// <summary>The official Cloudflare SDK (npm <c>cloudflare</c> 7.3), unmodified, against the simulated estate.</summary>
public sealed class CloudflareSdkFidelityTests(FidelityFixture fixture) : FidelityTest(fixture)
{
    private const string Script = $"'{FidelityFixture.Worker}', {{ account_id: '{FidelityFixture.AccountId}' }}";

    [Fact]
    public void ListDeployments_ReadsTheServingOneFirst()
    {
        var serving = Read(_ => Worker.Current!.WholeVersion);

        // SDK 7.3 returns a page whose raw result holds the deployments (tests/fidelity/CLIENTS.md 2).
        var r = RealClients.CloudflareSdk(Sim.CloudflareApiBaseUrl, $$"""
            const page = await client.workers.scripts.deployments.list({{Script}});
            console.log(page.result.deployments.map(d => d.versions[0].version_id).join(' '));
            """);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(2, r.Stdout.Trim().Split(' ').Length);
        Assert.StartsWith(serving!, r.Stdout.Trim());
    }

    [Fact]
    public void CreateDeployment_AfterAWranglerRollback_ServesTheChosenVersion_AndWranglerSeesIt()
    {
        var (older, newer) = Read(_ => (Worker.Versions[0].Id, Worker.Versions[1].Id));
        var rollback = RealClients.Wrangler(Sim.CloudflareApiBaseUrl, FidelityFixture.AccountId, ["rollback", "--name", FidelityFixture.Worker, "--message", "wrangler first"]);
        Assert.True(rollback.ExitCode == 0, rollback.ToString());

        var r = RealClients.CloudflareSdk(Sim.CloudflareApiBaseUrl, $$"""
            const d = await client.workers.scripts.deployments.create({{Script.TrimEnd('}', ' ')}}, strategy: 'percentage',
              versions: [{ version_id: '{{newer}}', percentage: 100 }], annotations: { 'workers/message': 'sdk: forward again' } });
            console.log(d.id, d.versions[0].version_id);
            """);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.EndsWith(newer, r.Stdout.Trim());
        Assert.Equal(newer, Read(_ => Worker.Current!.WholeVersion));
        var status = RealClients.Wrangler(Sim.CloudflareApiBaseUrl, FidelityFixture.AccountId, ["deployments", "status", "--name", FidelityFixture.Worker]);
        Assert.Contains(newer, status.Stdout);
        Assert.DoesNotContain(older, status.Stdout);
    }

    [Fact]
    public void CreateDeployment_SplitAcrossTwoVersions_IsListedAsTheSplit()
    {
        var (older, newer) = Read(_ => (Worker.Versions[0].Id, Worker.Versions[1].Id));

        var r = RealClients.CloudflareSdk(Sim.CloudflareApiBaseUrl, $$"""
            await client.workers.scripts.deployments.create({{Script.TrimEnd('}', ' ')}}, strategy: 'percentage',
              versions: [{ version_id: '{{newer}}', percentage: 90 }, { version_id: '{{older}}', percentage: 10 }] });
            const page = await client.workers.scripts.deployments.list({{Script}});
            console.log(JSON.stringify(page.result.deployments[0].versions));
            """);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"\"version_id\":\"{older}\",\"percentage\":10", r.Stdout);
        Assert.Null(Read(_ => Worker.Current!.WholeVersion));
    }

    [Fact]
    public void AnUnknownWorker_IsA404NotFoundError()
    {
        var r = RealClients.CloudflareSdk(Sim.CloudflareApiBaseUrl, $$"""
            await client.workers.scripts.deployments.list('no-such-worker', { account_id: '{{FidelityFixture.AccountId}}' });
            """);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("NotFoundError 404", r.Stderr);
    }
}
