namespace Runbooks.Tests.Fidelity;

/// <summary>
/// wrangler 3.114, unmodified, against the simulated estate: each command succeeds, and after each the model is where
/// Cloudflare would be, which is what the next command reads.
/// </summary>
public sealed class WranglerFidelityTests(FidelityFixture fixture) : FidelityTest(fixture)
{
    private string Api => Sim.CloudflareApiBaseUrl;

    private ClientResult Wrangler(params string[] args) => RealClients.Wrangler(Api, FidelityFixture.AccountId, args);

    [Fact]
    public void DeploymentsList_ShowsTheStartingHistory_NewestServing()
    {
        var (first, second) = Read(m => (m.Worker(FidelityFixture.Worker)!.Versions[0].Id, m.Worker(FidelityFixture.Worker)!.Versions[1].Id));

        var r = Wrangler("deployments", "list", "--name", FidelityFixture.Worker);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains(first, r.Stdout);
        Assert.Contains(second, r.Stdout);
        Assert.True(r.Stdout.LastIndexOf(second, StringComparison.Ordinal) > r.Stdout.LastIndexOf(first, StringComparison.Ordinal),
            "wrangler lists oldest first: the serving version comes last");
    }

    [Fact]
    public void Rollback_ThenASecondRollback_FlipsBetweenTheTwoVersions_AndTheModelServesEach()
    {
        var (older, newer) = Read(m => (m.Worker(FidelityFixture.Worker)!.Versions[0].Id, m.Worker(FidelityFixture.Worker)!.Versions[1].Id));

        var first = Wrangler("rollback", "--name", FidelityFixture.Worker, "--message", "fidelity: first rollback");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"Current Version ID: {older}", first.Output);
        Assert.Equal(older, Read(_ => Worker.Current!.WholeVersion));

        // wrangler takes the second newest deployment as "the previous one": the version served before the first rollback.
        var second = Wrangler("rollback", "--name", FidelityFixture.Worker, "--message", "fidelity: roll forward");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"Current Version ID: {newer}", second.Output);
        Assert.Equal(newer, Read(_ => Worker.Current!.WholeVersion));
        Assert.Equal(4, Read(_ => Worker.Deployments.Count));
        Assert.Equal("fidelity: roll forward", Read(_ => Worker.Current!.Message));

        var status = Wrangler("deployments", "status", "--name", FidelityFixture.Worker);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains(newer, status.Stdout);
        Assert.DoesNotContain(older, status.Stdout);
    }

    [Fact]
    public void VersionsList_ShowsEveryVersion_IncludingOneUploadedButNotDeployed()
    {
        var uploaded = Read(_ => Worker.Upload("index.js",
            new Dictionary<string, byte[]> { ["index.js"] = "export default { fetch() { return new Response('ok') } }"u8.ToArray() },
            [], null, new Dictionary<string, string> { ["workers/message"] = "canary" }, "wrangler").Id);

        var r = Wrangler("versions", "list", "--name", FidelityFixture.Worker);

        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (var id in Read(_ => Worker.Versions.Select(v => v.Id).ToList())) Assert.Contains(id, r.Stdout);
        Assert.Contains(uploaded, r.Stdout);
        Assert.NotEqual(uploaded, Read(_ => Worker.Current!.WholeVersion));
    }

    [Fact]
    public void SecretPut_ThenSecretList_ShowsTheSecret_AsANewDeployedVersion_WithoutItsValue()
    {
        var before = Read(_ => Worker.Latest.Id);

        var put = RealClients.Wrangler(Api, FidelityFixture.AccountId, ["secret", "put", "WEBHOOK_TOKEN", "--name", FidelityFixture.Worker], stdin: "whsec-fidelity-3f9a\n");
        var list = Wrangler("secret", "list", "--name", FidelityFixture.Worker);

        Assert.True(put.ExitCode == 0, put.ToString());
        Assert.Contains("Success! Uploaded secret WEBHOOK_TOKEN", put.Output);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("\"WEBHOOK_TOKEN\"", list.Stdout);
        Assert.Contains("\"API_KEY\"", list.Stdout);
        Assert.DoesNotContain("whsec-fidelity-3f9a", list.Output);
        Assert.Equal("whsec-fidelity-3f9a", Read(_ => Worker.Latest.Secrets["WEBHOOK_TOKEN"])); // the value is trimmed as wrangler trims it
        Assert.NotEqual(before, Read(_ => Worker.Latest.Id));
        Assert.True(Read(_ => Worker.LatestIsDeployed));
    }

    [Fact]
    public void SecretPut_WhileANewerVersionIsNotDeployed_IsRefusedWith10215_AsCloudflareDoes()
    {
        Read(_ => Worker.Upload("index.js", new Dictionary<string, byte[]> { ["index.js"] = "export default {}"u8.ToArray() }, [], null,
            new Dictionary<string, string>(), "wrangler"));

        var put = RealClients.Wrangler(Api, FidelityFixture.AccountId, ["secret", "put", "WEBHOOK_TOKEN", "--name", FidelityFixture.Worker], stdin: "x\n");

        Assert.True(put.ExitCode == 1, put.ToString());
        Assert.Contains("latest version of your Worker isn't currently deployed", put.Output);
    }

    [Fact]
    public void Rollback_OfAWorkerNotInTheEstate_Fails_With10007()
    {
        var r = Wrangler("rollback", "--name", "no-such-worker", "--message", "x");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("This Worker does not exist on your account. [code: 10007]", r.Output);
    }
}
