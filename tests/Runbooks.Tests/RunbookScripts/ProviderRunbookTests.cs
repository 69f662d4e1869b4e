using Runbooks.Drills.Environments.Simulator;
using Runbooks.Drills.Environments;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.RunbookScripts;

/// <summary>The provider runbooks of <c>runbooks/</c>, run by the real CLI against the simulator, as in a drill.</summary>
public sealed class ProviderRunbookTests(SimulatorFixture fixture) : SimulatorTest(fixture), IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task WorkerRollback_RecoversTheWorker_ExitZero_JournalComplete()
    {
        var (_, good) = ReleaseBadWorker();

        var r = Exec("worker-rollback", "worker=" + Worker, "url=" + WorkerUrl);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(good, Sim.Model.Worker(Worker)!.Current!.WholeVersion);
        Assert.Equal([("Quick health check", "ok"), ("Check current deployment", "ok"), ("Roll back to the previous version", "ok"),
            ("Wait until healthy", "ok"), ("Verify core endpoints", "ok")], _ws.LatestJournal().StepOutcomes());
        Assert.Contains(await Journal(), q => q.Method == "POST" && q.Path.EndsWith($"/scripts/{Worker}/deployments", StringComparison.Ordinal));
    }

    [Fact]
    public void WorkerRollback_ToATag_GoesBackToTheTaggedVersion_NotThePreviousOne()
    {
        string tagged;
        lock (Sim.Model.Gate)
        {
            var w = Sim.Model.Worker(Worker)!;
            var module = new Dictionary<string, byte[]> { ["index.js"] = "export default { fetch() { return new Response('ok') } }"u8.ToArray() };
            // An upload sends its vars again (wrangler.toml's [vars]); secrets are kept by Cloudflare.
            var vars = w.Latest.Bindings.Where(b => (string?)b["type"] == "plain_text").Select(b => (System.Text.Json.Nodes.JsonObject)b.DeepClone()).ToList();
            tagged = w.Upload("index.js", module, vars, null, new Dictionary<string, string> { ["workers/tag"] = "v1.4.2" }, "wrangler").Id;
            w.Deploy([new Runbooks.Drills.Environments.Simulator.Model.VersionShare(tagged, 100)], "release v1.4.2", force: true, "wrangler", "upload", propagate: false);
            var untagged = w.Upload("index.js", module, vars, null, new Dictionary<string, string>(), "wrangler").Id;
            w.Deploy([new Runbooks.Drills.Environments.Simulator.Model.VersionShare(untagged, 100)], "release", force: true, "wrangler", "upload", propagate: false);
        }
        ReleaseBadWorker();

        var r = Exec("worker-rollback", "worker=" + Worker, "url=" + WorkerUrl, "tag=v1.4.2");
        var unknown = Exec("worker-rollback", "worker=" + Worker, "url=" + WorkerUrl, "tag=v9.9.9");

        Assert.True(r.ExitCode == 0, r.ToString());
        lock (Sim.Model.Gate) Assert.Equal(tagged, Sim.Model.Worker(Worker)!.Current!.WholeVersion);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains($"Worker {Worker} has no version tagged 'v9.9.9'; tagged versions: v1.4.2.", unknown.Stderr);
    }

    [Fact]
    public void StatusCheck_ReportsWhatEachServiceServesAndItsErrorRate_AndChangesNothing()
    {
        var (bad, _) = ReleaseBadWorker();
        var before = Sim.Model.Intervals.Count;
        EstateYaml.WriteTo(_ws.Root, Sim.SimulatedEstateView);

        var r = Exec("status-check", "samples=10");

        Assert.True(r.ExitCode == 0, r.ToString());
        var text = _ws.LatestJournal().Text;
        Assert.Contains($"Worker {Worker}: {bad} at 100%", text);
        Assert.Contains("/api/health: 100% of 10 requests failed", text);
        Assert.Contains("No DATABASE_URL: the migration state is not checked.", text);
        Assert.All(Sim.Requests, q => Assert.Equal("GET", q.Method)); // read-only: not one write reached a provider
        Assert.Equal(before, Sim.Model.Intervals.Count);
    }

    [Fact]
    public async Task KillSwitches_TurnProcessingOff_AndOnlyTheRedeployMakesTheAppRecover()
    {
        lock (Sim.Model.Gate)
        {
            var project = Sim.Model.VercelProject(VercelProject)!;
            project.BreakWhen("PROCESSING_ENABLED", "true");
            project.Push(Runbooks.Drills.Environments.Simulator.Model.ServiceBehaviour.Healthy); // built with processing on: failing
        }
        EstateYaml.WriteTo(_ws.Root, Sim.SimulatedEstateView);

        var r = Exec("kill-switches", "project=" + VercelProject, "url=" + VercelAppUrl);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("PROCESSING_ENABLED is false in the running app.", _ws.LatestJournal().Text);
        var redeploy = Assert.Single(await Journal("/v13/deployments?"), q => q.Method == "POST");
        Assert.Equal("redeploy", (string?)redeploy.Json!["meta"]!["action"]);
        lock (Sim.Model.Gate)
        {
            var project = Sim.Model.VercelProject(VercelProject)!;
            var production = project.Production(Sim.Model.Now);
            Assert.Equal("false", production.Env["PROCESSING_ENABLED"]);
            Assert.Equal(200, project.Edge.Answer("/api/health", Sim.Model.Now).Status);
        }
    }

    [Fact]
    public async Task KillSwitches_WithARejectedToken_ExitOne_NamingIt_AndRedeployNothing()
    {
        await Sim.Faults.InvalidTokenAsync(SimulatedApi.Vercel);

        var r = Exec("kill-switches", "project=" + VercelProject, "url=" + VercelAppUrl);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("Vercel rejected the API token (VERCEL_TOKEN) while setting PROCESSING_ENABLED on project churn-saver", r.Stderr);
        lock (Sim.Model.Gate) Assert.Equal(2, Sim.Model.VercelProject(VercelProject)!.Deployments.Count);
    }

    private void ChangeVar(string name, string value)
    {
        lock (Sim.Model.Gate)
        {
            var w = Sim.Model.Worker(Worker)!;
            var bindings = w.Latest.Bindings.Select(b => (string?)b["name"] == name
                ? new System.Text.Json.Nodes.JsonObject { ["type"] = "plain_text", ["name"] = name, ["text"] = value }
                : new System.Text.Json.Nodes.JsonObject { ["type"] = b["type"]?.DeepClone(), ["name"] = b["name"]?.DeepClone() }).ToList();
            w.PatchSettings(bindings, w.Latest.Settings, "wrangler", "bad config", propagate: false);
        }
    }

    [Fact]
    public async Task ConfigRestore_PutsBackTheKnownGoodVars_KeepingSecrets_AndTheServiceRecovers()
    {
        string known;
        lock (Sim.Model.Gate) known = Sim.Model.Worker(Worker)!.Latest.Id;
        ChangeVar("RATE_LIMIT_PER_MINUTE", "0");
        EstateYaml.WriteTo(_ws.Root, Sim.SimulatedEstateView);
        Assert.Equal(500, (int)(await new HttpClient().GetAsync(WorkerUrl + "/api/health")).StatusCode);

        var r = Exec("config-restore", "worker=" + Worker, "url=" + WorkerUrl);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"Worker {Worker}: put back the vars of version ", _ws.LatestJournal().Text);
        lock (Sim.Model.Gate)
        {
            var w = Sim.Model.Worker(Worker)!;
            Assert.Equal("600", w.Latest.Vars["RATE_LIMIT_PER_MINUTE"]);
            Assert.Equal(w.GoodSecrets, w.Latest.Secrets); // the secrets were sent as {type, name} and kept
        }
        var script = $"/client/v4/accounts/{AccountId}/workers/scripts/{Worker}";
        Assert.Equal([$"GET {script}/deployments", $"GET {script}/versions/{known}", $"GET {script}/settings", $"PATCH {script}/settings"],
            (await Journal("/client/v4/")).Select(q => $"{q.Method} {q.Path}"));
    }

    [Fact]
    public void ConfigRestore_ToAVersionThatDoesNotExist_ExitsOne_NamingIt_AndChangesNothing()
    {
        ChangeVar("RATE_LIMIT_PER_MINUTE", "0");
        string before;
        lock (Sim.Model.Gate) before = Sim.Model.Worker(Worker)!.Latest.Id;

        var r = Exec("config-restore", "worker=" + Worker, "url=" + WorkerUrl, "version=00000000-0000-4000-8000-000000000000");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("reading version 00000000-0000-4000-8000-000000000000 of worker pitchey-production", r.Stderr);
        lock (Sim.Model.Gate) Assert.Equal(before, Sim.Model.Worker(Worker)!.Latest.Id);
    }

    [Fact]
    public void KnownGoodRedeploy_WhenThePreviousVersionIsBadToo_DeploysTheBundle_KeepingVarsAndSecrets()
    {
        ReleaseBadWorker();
        ReleaseBadWorker(); // the previous version is bad too: a rollback would not help
        var bundle = Directory.CreateDirectory(Path.Combine(_ws.Root, "last-good")).FullName;
        File.WriteAllText(Path.Combine(bundle, "index.js"), "export default { fetch() { return Response.json({ status: 'ok' }); } };");
        File.WriteAllText(Path.Combine(bundle, "util.mjs"), "export const x = 1;");
        EstateYaml.WriteTo(_ws.Root, Sim.SimulatedEstateView);

        var r = Exec("known-good-redeploy", "worker=" + Worker, "url=" + WorkerUrl, "bundle=" + bundle, "monitor=1s");

        Assert.True(r.ExitCode == 0, r.ToString());
        lock (Sim.Model.Gate)
        {
            var w = Sim.Model.Worker(Worker)!;
            Assert.Equal(w.Latest.Id, w.Current!.WholeVersion);
            Assert.Equal(["index.js", "util.mjs"], w.Latest.Modules.Keys.Order());
            Assert.Equal("600", w.Latest.Vars["RATE_LIMIT_PER_MINUTE"]); // taken from the Worker as it was: the bundle has no vars.json
            Assert.Equal(w.GoodSecrets, w.Latest.Secrets);
            Assert.Equal(200, w.Edge.Answer("/api/health", Sim.Model.Now).Status);
        }
    }

    [Fact]
    public void KnownGoodRedeploy_WithABundleWithoutItsEntryModule_IsExit2NamingWhatItHas()
    {
        var bundle = Directory.CreateDirectory(Path.Combine(_ws.Root, "wrong")).FullName;
        File.WriteAllText(Path.Combine(bundle, "worker.js"), "export default {};");

        var r = Exec("known-good-redeploy", "worker=" + Worker, "url=" + WorkerUrl, "bundle=" + bundle, "monitor=1s");

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains($"The bundle {bundle} has no index.js; its modules: worker.js.", r.Stderr);
    }

    [Fact]
    public async Task WorkerRollback_WithARejectedToken_ExitsOne_WithTheSentence_AndNoToken()
    {
        await Sim.Faults.InvalidTokenAsync(SimulatedApi.Cloudflare);

        var r = Exec("worker-rollback", "worker=" + Worker, "url=" + WorkerUrl);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("Cloudflare rejected the API token (CLOUDFLARE_API_TOKEN) while listing deployments of worker pitchey-production", r.Stderr);
        Assert.DoesNotContain(SimulatorFixture.Token, r.Output + _ws.LatestJournal().Text);
    }

    [Fact]
    public void PagesRollback_RestoresTheSite_ExitZero()
    {
        ReleaseBadPages();

        var r = Exec("pages-rollback", "project=" + PagesProject, "url=" + PagesUrl);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.All(_ws.LatestJournal().StepOutcomes(), s => Assert.Equal("ok", s.Outcome));
    }

    [Fact]
    public async Task VercelRollback_SetsKillSwitches_RollsBack_ExitZero()
    {
        var (_, good) = ReleaseBadVercel();

        var r = Exec("vercel-rollback", "project=" + VercelProject, "url=" + VercelAppUrl);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(4, _ws.LatestJournal().StepOutcomes().Count(s => s.Outcome == "ok"));
        var envPosts = (await Journal("/env")).Where(q => q.Method == "POST").Select(q => q.Json!["key"]!.GetValue<string>());
        Assert.Equal(["PROCESSING_ENABLED", "SCHEDULER_ENABLED"], envPosts);
        var project = Sim.Model.VercelProject(VercelProject)!;
        Assert.Equal(good, project.Production(Sim.Model.Now).Id);
        Assert.Equal("false", project.Env.Single(e => e.Key == "PROCESSING_ENABLED").Value);
    }

    [Fact]
    public async Task VercelRollback_WhenTheApiResetsEveryConnection_ExitsThree()
    {
        await Sim.Faults.ConnectionResetAsync(SimulatedApi.Vercel);

        var r = Exec("vercel-rollback", "project=" + VercelProject, "url=" + VercelAppUrl);

        Assert.True(r.ExitCode == 3, r.ToString());
        Assert.Contains("could not be reached while setting PROCESSING_ENABLED on project churn-saver", r.Stderr);
    }

    [Fact]
    public void MaintenanceMode_ServesTheMaintenanceWorker_ExitZero()
    {
        var r = Exec("maintenance-mode", "worker=" + Worker, "url=" + WorkerUrl);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("ok", _ws.LatestJournal().StepOutcomes().Last().Outcome);
    }

    [Fact]
    public async Task MaintenanceMode_Off_ServesTheFixUploadedSince_AndTheServiceAnswersAgain()
    {
        Assert.True(Exec("maintenance-mode", "worker=" + Worker, "url=" + WorkerUrl).ExitCode == 0);
        string fix;
        lock (Sim.Model.Gate)
        {
            var w = Sim.Model.Worker(Worker)!;
            var module = new Dictionary<string, byte[]> { ["index.js"] = "export default { fetch() { return new Response('fixed') } }"u8.ToArray() };
            var vars = w.Versions[^2].Bindings.Where(b => (string?)b["type"] == "plain_text").Select(b => (System.Text.Json.Nodes.JsonObject)b.DeepClone()).ToList();
            fix = w.Upload("index.js", module, vars, null, new Dictionary<string, string>(), "wrangler").Id; // wrangler versions upload: not deployed
        }

        var r = Exec("maintenance-mode", "worker=" + Worker, "url=" + WorkerUrl, "off=true");

        Assert.True(r.ExitCode == 0, r.ToString());
        lock (Sim.Model.Gate) Assert.Equal(fix, Sim.Model.Worker(Worker)!.Current!.WholeVersion);
        using var http = new HttpClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(WorkerUrl + "/api/health")).StatusCode);
    }

    [Fact]
    public void MaintenanceMode_Off_WithNoFixUploaded_ExitsOne_AndStaysInMaintenance()
    {
        Assert.True(Exec("maintenance-mode", "worker=" + Worker, "url=" + WorkerUrl).ExitCode == 0);
        string maintenance;
        lock (Sim.Model.Gate) maintenance = Sim.Model.Worker(Worker)!.Current!.WholeVersion!;

        var r = Exec("maintenance-mode", "worker=" + Worker, "url=" + WorkerUrl, "off=true");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains($"Worker {Worker} has no version uploaded after the maintenance Worker", r.Stderr);
        lock (Sim.Model.Gate) Assert.Equal(maintenance, Sim.Model.Worker(Worker)!.Current!.WholeVersion);
    }

    private CliResult Exec(string runbook, params string[] parameters) => SimulatedExec.Run(Sim, _ws, runbook, null, parameters);
}
