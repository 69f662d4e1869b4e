using System.Net;
using System.Net.Http.Headers;
using Runbooks.Drills.Environments;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.RunbookScripts;

/// <summary><c>secret-rotation</c> (seed 003, Scenario 7) run by the real CLI against the simulator, new values from the vault.</summary>
public sealed class SecretRotationRunbookTests(SimulatorFixture fixture) : SimulatorTest(fixture), IDisposable
{
    private readonly Workspace _ws = new();
    private static readonly HttpClient Client = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Rotation_PutsTheNewApiKey_TheLeakedOneIsRefused_AndNeitherValueIsWrittenAnywhere()
    {
        var auth = Sim.Estate.Workers[0].Auth!;
        var leaked = ServingSecret(auth);
        var fresh = "new-key-" + Guid.NewGuid().ToString("N");
        Assert.Equal(HttpStatusCode.OK, await StatusWith(leaked));

        var r = Exec(new() { [auth] = leaked, [auth + "_NEW"] = fresh }, "secrets=" + auth);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWith(leaked));
        Assert.Equal(HttpStatusCode.OK, await StatusWith(fresh));
        Assert.Contains($"Verify the leaked {auth} no longer works", _ws.LatestJournal().Text);
        var written = r.Output + _ws.LatestJournal().Text;
        Assert.DoesNotContain(leaked, written);
        Assert.DoesNotContain(fresh, written);
    }

    [Fact]
    public async Task Rotation_OfAnotherProvidersRevokedKey_MakesTheWorkerServeAgain()
    {
        const string name = "JWT_SECRET";
        var fresh = "issued-" + Guid.NewGuid().ToString("N");
        lock (Sim.Model.Gate) Sim.Model.Worker(Worker)!.RevokeSecret(name, fresh);
        using var broken = await Client.GetAsync(WorkerUrl + "/api/health");

        var r = Exec(new() { [name + "_NEW"] = fresh }, "secrets=" + name);

        Assert.Equal(HttpStatusCode.InternalServerError, broken.StatusCode);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"{name}: revoke the leaked value at its provider", _ws.LatestJournal().Text);
        Assert.Equal(HttpStatusCode.OK, await StatusWith(null));
    }

    [Fact]
    public async Task Rotation_WithoutANewValueInTheVault_ExitsTwo_AndPutsNothing()
    {
        var r = Exec(new(), "secrets=API_KEY,JWT_SECRET");

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("No new value for API_KEY, JWT_SECRET: put each in the vault as API_KEY_NEW, JWT_SECRET_NEW first; nothing was rotated.", r.Stderr);
        Assert.DoesNotContain(await Journal("/secrets"), q => q.Method == "PUT");
    }

    [Fact]
    public void Rotation_OfASecretTheWorkerDoesNotHave_FailsNamingWhatItHas()
    {
        var r = Exec(new() { ["NOPE_NEW"] = "x-" + Guid.NewGuid().ToString("N") }, "secrets=NOPE");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains($"Worker {Worker} has no secret NOPE; it has: API_KEY, DATABASE_URL, JWT_SECRET.", r.Stderr);
    }

    private string ServingSecret(string name)
    {
        lock (Sim.Model.Gate)
        {
            var w = Sim.Model.Worker(Worker)!;
            return w.Version(w.Current!.WholeVersion!)!.Secrets[name];
        }
    }

    private async Task<HttpStatusCode> StatusWith(string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, WorkerUrl + "/api/health");
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await Client.SendAsync(request);
        return response.StatusCode;
    }

    private CliResult Exec(Dictionary<string, string> vault, params string[] parameters)
        => SimulatedExec.Run(Sim, _ws, "secret-rotation", vault, ["worker=" + Worker, "url=" + WorkerUrl, "monitor=1s", .. parameters]);
}
