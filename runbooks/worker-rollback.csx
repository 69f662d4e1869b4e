// Roll a Cloudflare Worker back to its previous version, or to a chosen version or tag, and verify the service recovers (seed 000, Option 1A; seed 001, last good tag).
// Severity: P0
// Recovery: 30s
var worker = Param("worker");                 // e.g. pitchey-production
var url = Param("url");                       // e.g. https://pitchey-production.cavelltheleaddev.workers.dev
var message = Param("message", "Rollback: production incident");
var force = Param("force", "false") == "true"; // only after Cloudflare said secrets changed since the old version
var version = Param("version", "");           // a version id to go back to; empty: the previous one
var tag = Param("tag", "");                   // or the version tagged so (seed 001's last good tag), e.g. v1.4.2
Incident.Severity = "P0";
// The estate says where this Worker answers and which endpoints matter; a Worker it does not name gets seed 000's.
var service = Estate.Workers.FirstOrDefault(w => w.Name == worker);
var health = service?.Health ?? "/api/health";
var critical = service is { Critical.Count: > 0 } ? service.Critical
    : new[] { "/api/creator/dashboard", "/api/pitches/public", "/api/user/stats", "/api/pitches/browse/enhanced" };

await Step("Quick health check", async ct =>
{
    var check = await Http.Check(url + health, ct);
    Log(check.Healthy ? "Health check passes; rolling back as decided." : $"HEALTH CHECK FAILED: {check.Outcome}");
});

await Step("Check current deployment", async ct =>
{
    var deployments = await Cloudflare.Deployments(worker, ct);
    Log($"Serving: deployment {deployments[0].Id} ({deployments[0].CreatedOn:u}), {deployments.Count} deployments listed.");
});

var target = version.Length > 0 ? version
    : tag.Length > 0 ? await Step($"Find the version tagged {tag}", ct => Cloudflare.VersionTagged(worker, tag, ct))
    : null;

await Incident.Notify($"{worker} is failing; rolling it back to {(target is null ? "its previous version" : "version " + target)}.", IncidentStatus.Identified);

await Step(target is null ? "Roll back to the previous version" : $"Roll back to version {target}", ct =>
    Cloudflare.RollbackWorker(worker, versionId: target, message: message, force: force, cancellation: ct), destructive: true);

await Step("Wait until healthy", ct => Http.WaitUntilHealthy(url + health, TimeSpan.FromSeconds(60), ct));

// Seed 000: curl -H "Authorization: Bearer $DEMO_TOKEN" .../api/creator/dashboard, when the vault has a demo token.
var demo = HasSecret("DEMO_TOKEN") ? ProbeRequest.Authorized(Secret("DEMO_TOKEN")) : null;
await Step("Verify core endpoints", async ct =>
{
    foreach (var path in critical)
        await Http.Verify(url + path, demo, ct);
});

await Incident.Notify($"{worker} is rolled back and its core endpoints answer; watching it.", IncidentStatus.Monitoring);
