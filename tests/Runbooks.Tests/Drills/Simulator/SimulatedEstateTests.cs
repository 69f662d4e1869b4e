using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Runbooks.Core.Estates;
using Runbooks.Core.Timing;
using Runbooks.Drills.Environments.Simulator.Api;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Tests.Drills.Simulator;

/// <summary>
/// The model on a fake clock: provider time imposed at the clock's scale and recorded, changes applied as the providers
/// apply them, and each service answering from what is deployed now.
/// </summary>
public sealed class SimulatedEstateTests
{
    private static readonly Estate TwoWorkers = new(null, "0123456789abcdef0123456789abcdef", [new EstateZone("shop.example", "fedcba9876543210fedcba9876543210")],
        [
            new EstateWorker("api", "/health", ["/v1/cart"], ["STRIPE_KEY"], new Dictionary<string, string> { ["MODE"] = "live" }),
            new EstateWorker("jobs", "/status", [], [], new Dictionary<string, string>()),
        ],
        [new EstatePagesProject("storefront", "/")], "team_shop",
        [new EstateVercelProject("admin", "prj_admin1", "/api/health", new Dictionary<string, string> { ["PROCESSING_ENABLED"] = "true" })], null);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-01T03:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private SimulatedEstate Model(double scale = 0.1, TimeSpan? propagation = null)
        => new(TwoWorkers, new RunClock(new TimeScale(scale), _time), ProviderTimings.Default.WithPropagation(propagation ?? TimeSpan.FromSeconds(10)) with { VercelBuild = TimeSpan.FromSeconds(20) });

    private static ApiRequest Call(string method, string path, string? json = null, string query = "")
        => new(method, path, Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query).ToDictionary(q => q.Key, q => (IReadOnlyList<string>)[.. q.Value.Select(v => v ?? "")]),
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Authorization"] = "Bearer t", ["Content-Type"] = "application/json" },
            json is null ? [] : Encoding.UTF8.GetBytes(json));

    private static JsonNode Body(ApiAnswer a) => JsonNode.Parse(a.Body)!;

    [Fact]
    public void EveryWorkerStartsWithTwoHealthyVersions_TheNewestServing()
    {
        var model = Model();
        foreach (var w in model.Workers)
        {
            Assert.Equal(2, w.Versions.Count);
            Assert.Equal(w.Versions[1].Id, w.Current!.WholeVersion);
            Assert.Equal(200, w.Edge.Answer("/", model.Now).Status);
        }
        Assert.NotEqual(model.Worker("api")!.Versions[0].Id, model.Worker("jobs")!.Versions[0].Id);
    }

    [Fact]
    public void ARollback_ServesTheOldVersionOnlyOnceItHasPropagated_AtTheClocksScale_AndTheIntervalIsRecorded()
    {
        var model = Model(scale: 0.1, propagation: TimeSpan.FromSeconds(10));
        var api = model.Worker("api")!;
        var (good, bad) = (api.Latest.Id, api.Release(ServiceBehaviour.Failing(), "bad").Id);
        Assert.Equal(500, api.Edge.Answer("/health", model.Now).Status);

        var started = model.Now;
        api.Deploy([new VersionShare(good, 100)], "rollback", force: false, "wrangler", "rollback");

        Assert.Equal(good, api.Current!.WholeVersion); // the API says so at once
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(bad, api.Edge.Answer("/health", model.Now).Version); // 10 s real-world is 1 s at scale 0.1
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal((200, good), (api.Edge.Answer("/health", model.Now).Status, api.Edge.Answer("/health", model.Now).Version));
        var interval = Assert.Single(model.Intervals);
        Assert.Equal((IntervalKind.Propagation, "Worker api", TimeSpan.FromSeconds(10)), (interval.Kind, interval.Resource, interval.RealWorld));
        Assert.Equal(TimeSpan.FromSeconds(1), _time.GetElapsedTime(interval.StartTimestamp, interval.EndTimestamp));
        Assert.Equal(started, interval.StartTimestamp);
        Assert.Contains(model.Clock.Waits, w => w.What == "propagation of Worker api (10.0 s)");
    }

    [Fact]
    public void ARollbackPastASecretChange_IsRefusedWith10220_UnlessForced_AndTheOldSecretComesBack()
    {
        var model = Model();
        var api = model.Worker("api")!;
        var before = api.Latest;
        api.PutSecret("STRIPE_KEY", "sk_rotated", "wrangler");

        var refused = Assert.Throws<ProviderRefusal>(() => api.Deploy([new VersionShare(before.Id, 100)], null, force: false, "wrangler", "rollback"));
        api.Deploy([new VersionShare(before.Id, 100)], null, force: true, "wrangler", "rollback");

        Assert.Equal(("10220", 400), (refused.Code, refused.Status));
        Assert.StartsWith("The following secrets have changed: STRIPE_KEY.", refused.Message);
        Assert.Equal(before.Id, api.Current!.WholeVersion);
    }

    [Fact]
    public void AWrongSecret_BreaksTheService_OnceDeployed_NamingTheSecretButNotItsValue()
    {
        var model = Model();
        var api = model.Worker("api")!;

        api.PutSecret("STRIPE_KEY", "sk_wrong_value", "wrangler");
        _time.Advance(TimeSpan.FromSeconds(1));
        var answer = api.Edge.Answer("/v1/cart", model.Now);

        Assert.Equal(500, answer.Status);
        Assert.Contains("secret STRIPE_KEY is not the one the service needs", answer.Body);
        Assert.DoesNotContain("sk_wrong_value", answer.Body);
    }

    [Fact]
    public void ASplitDeployment_SendsEachVersionItsShare_AndAFailingShareIsExact()
    {
        var model = Model();
        var api = model.Worker("api")!;
        var old = api.Versions[0].Id;
        var flaky = api.Release(ServiceBehaviour.Failing(0.3), "flaky").Id;

        var failures = Enumerable.Range(0, 100).Count(_ => api.Edge.Answer("/", model.Now).Status == 500);
        api.Deploy([new VersionShare(flaky, 90), new VersionShare(old, 10)], "canary", force: true, "api", "deployment");
        _time.Advance(TimeSpan.FromSeconds(1));
        var served = Enumerable.Range(0, 100).Select(_ => api.Edge.Answer("/", model.Now).Version).ToList();

        Assert.Equal(30, failures);
        Assert.Equal(10, served.Count(v => v == old));
        Assert.Null(api.Current!.WholeVersion);
    }

    [Fact]
    public void SecretAndSettingsEdits_AreRefused_WhileANewerVersionIsNotDeployed()
    {
        var model = Model();
        var api = model.Worker("api")!;
        api.Upload("index.js", new Dictionary<string, byte[]> { ["index.js"] = "export default {}"u8.ToArray() }, [], null, new Dictionary<string, string>(), "wrangler");

        Assert.Equal("10215", Assert.Throws<ProviderRefusal>(() => api.PutSecret("X", "y", "wrangler")).Code);
        Assert.Equal("10214", Assert.Throws<ProviderRefusal>(() => api.PatchSettings(null, api.Latest.Settings, "api", null)).Code);
    }

    [Fact]
    public void AVersionUpload_KeepsSecretsAndInheritedBindings_AndReplacesVars()
    {
        var model = Model();
        var api = model.Worker("api")!;

        var v = api.Upload("index.js", new Dictionary<string, byte[]> { ["index.js"] = "export default {}"u8.ToArray() },
            [new JsonObject { ["type"] = "plain_text", ["name"] = "MODE", ["text"] = "maintenance" }], null, new Dictionary<string, string>(), "wrangler");

        Assert.Equal(api.Versions[1].Secrets["STRIPE_KEY"], v.Secrets["STRIPE_KEY"]);
        Assert.Equal("maintenance", v.Vars["MODE"]);
        Assert.Equal(BehaviourKind.Misconfigured, api.Evaluate(v).Kind); // the service needs MODE=live
    }

    [Fact]
    public void AVercelRollback_RunsItsAliasJobOnTheClock_ThenProductionMoves()
    {
        var model = Model(scale: 0.5, propagation: TimeSpan.FromSeconds(2));
        var project = model.VercelProject("admin")!;
        var good = project.Production(model.Now).Id;
        var bad = project.Push(ServiceBehaviour.Failing()).Id;

        var job = project.RequestAlias(good, "rollback");

        Assert.Equal(("in-progress", bad), (job.JobStatus(model.Now), project.Production(model.Now).Id));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(("succeeded", good), (job.JobStatus(model.Now), project.Production(model.Now).Id));
        Assert.Equal(200, project.Edge.Answer("/api/health", model.Now).Status);
        Assert.Equal(IntervalKind.AliasJob, Assert.Single(model.Intervals).Kind);
    }

    [Fact]
    public void AKillSwitch_ReachesTheAppOnlyThroughARedeploy_WhenItsBuildEnds()
    {
        var model = Model(scale: 0.1);
        var project = model.VercelProject("admin")!;
        var current = project.Production(model.Now);
        project.EditEnv(project.Env.Single(e => e.Key == "PROCESSING_ENABLED").Id, null, "false", null, null, "incident");

        Assert.Contains("\"PROCESSING_ENABLED\":\"true\"", project.Edge.Answer("/api/health", model.Now).Body); // the running build keeps its env
        var redeploy = project.Redeploy(current.Id, "production", new Dictionary<string, string> { ["action"] = "redeploy" });
        Assert.Equal("BUILDING", redeploy.ReadyState(model.Now));
        _time.Advance(TimeSpan.FromSeconds(2)); // a 20 s build at scale 0.1

        Assert.Equal("READY", redeploy.ReadyState(model.Now));
        Assert.Equal(redeploy.Id, project.Production(model.Now).Id);
        Assert.Contains("\"PROCESSING_ENABLED\":\"false\"", project.Edge.Answer("/api/health", model.Now).Body);
    }

    [Fact]
    public void ZoneOperations_FollowCloudflaresRules()
    {
        var model = Model();
        var api = new CloudflareApi(model);
        const string zone = "/zones/fedcba9876543210fedcba9876543210";

        var missing = api.Handle(Call("GET", zone + "/rulesets/phases/http_request_dynamic_redirect/entrypoint"));
        var put = api.Handle(Call("PUT", zone + "/rulesets/phases/http_request_dynamic_redirect/entrypoint",
            """{"rules":[{"expression":"(http.host eq \"shop.example\")","action":"redirect","action_parameters":{"from_value":{"status_code":302,"target_url":{"value":"https://status.shop.example/"}}}}]}"""));
        var record = """{"type":"CNAME","name":"status","content":"maint.pages.dev","proxied":true}""";
        var created = api.Handle(Call("POST", zone + "/dns_records", record));
        var duplicate = api.Handle(Call("POST", zone + "/dns_records", record));
        var twoFlavours = api.Handle(Call("POST", zone + "/purge_cache", """{"purge_everything":true,"files":["https://shop.example/"]}"""));
        var byPrefix = api.Handle(Call("POST", zone + "/purge_cache", """{"prefixes":["shop.example/assets/"]}"""));

        Assert.Equal((404, 10003), (missing.Status, (int)Body(missing)["errors"]![0]!["code"]!));
        Assert.Equal(("1", true), ((string)Body(put)["result"]!["version"]!, (bool)Body(put)["success"]!));
        Assert.Equal("status.shop.example", (string)Body(created)["result"]!["name"]!);
        Assert.Equal((400, 81057), (duplicate.Status, (int)Body(duplicate)["errors"]![0]!["code"]!));
        Assert.Equal((400, 1012), (twoFlavours.Status, (int)Body(twoFlavours)["errors"]![0]!["code"]!));
        Assert.Equal(200, byPrefix.Status);
        Assert.Equal("shop.example/assets/", (string)Assert.Single(model.Zone("fedcba9876543210fedcba9876543210")!.Purges).Request["prefixes"]![0]!);
    }

    [Fact]
    public void PagesRetry_IsANewDeploymentOfTheSameCommit_ServingOnceItHasPropagated()
    {
        var model = Model(scale: 0.1);
        var pages = model.PagesProjects[0];
        var current = pages.Canonical;

        var retry = pages.Retry(current.Id);

        Assert.Equal((current.CommitHash, current.Id), (retry.CommitHash, retry.RetryOf));
        Assert.Equal(current.Id, pages.Edge.Answer("/", model.Now).Version);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(retry.Id, pages.Edge.Answer("/", model.Now).Version);
    }
}
