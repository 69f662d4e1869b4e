// Put a Cloudflare Worker into emergency maintenance mode: deploy the minimal maintenance Worker (seed 000, Option 3A); --param off=true takes it out again, and the maintenance page's redirect with it (3B).
// Severity: P0
// Recovery: 1m
var worker = Param("worker");                 // e.g. pitchey-production
var url = Param("url");                       // e.g. https://pitchey-production.cavelltheleaddev.workers.dev
var message = Param("message", "Platform temporarily unavailable - maintenance in progress");
var off = Param("off", "false") == "true";    // leave maintenance: serve the fix uploaded since (or --param version=ID)
var version = Param("version", "");           // with off: the version to serve; empty: the newest one uploaded after the maintenance Worker
var host = Param("host", "");                 // with off: a hostname whose maintenance-page redirect goes too
Incident.Severity = "P0";
var health = Estate.Workers.FirstOrDefault(w => w.Name == worker)?.Health ?? "/api/health";

if (off)
{
    var target = await Step("Find the version to serve after maintenance", async ct =>
    {
        if (version.Length > 0) return version;
        var serving = (await Cloudflare.Deployments(worker, ct))[0].SingleVersionId;
        var versions = await Cloudflare.Api.ListVersions(worker, cancellation: ct);
        var maintenance = versions.FirstOrDefault(v => v.Id == serving)?.Number ?? 0;
        // The fix is what was uploaded after the maintenance Worker (wrangler versions upload); the versions before it are the broken ones.
        var fix = versions.Where(v => v.Number > maintenance).MaxBy(v => v.Number)
            ?? throw new Runbooks.Core.Errors.RunbookException($"Worker {worker} has no version uploaded after the maintenance Worker (version {serving}): "
                + "upload the fix first (wrangler versions upload), or pass --param version=ID.", Runbooks.Core.Errors.ExitCodes.Failed);
        Log($"Serving the maintenance Worker ({serving}); the fix uploaded since is version {fix.Id} (#{fix.Number}).");
        return fix.Id;
    });
    await Step($"Serve version {target}", ct => Cloudflare.RollbackWorker(worker, versionId: target, message: "Leave maintenance mode", cancellation: ct), destructive: true);
    if (host.Length > 0)
        await Step($"Remove the maintenance redirect of {host}", ct =>
            Cloudflare.RemoveRules(Estate.ZoneOf(host).Id, "http_request_dynamic_redirect", $"runbooks maintenance-page: {host}", ct), destructive: true);
    await Step("Wait until healthy", ct => Http.WaitUntilHealthy(url + health, TimeSpan.FromSeconds(60), ct));
    await Incident.Notify($"{worker} is out of maintenance and serves again.", IncidentStatus.Resolved);
    return;
}

await Step("Check current deployment", async ct =>
{
    var deployments = await Cloudflare.Deployments(worker, ct);
    Log($"Serving: deployment {deployments[0].Id}; note it to roll forward after maintenance.");
});

await Incident.Notify($"{worker} goes into maintenance: users get a maintenance page while we work on it.", IncidentStatus.Identified);

await Step("Deploy the maintenance worker", ct => Cloudflare.DeployMaintenanceWorker(worker, message, ct), destructive: true);

await Step("Verify maintenance mode is served", ct => Http.WaitForStatus(url + health, 503, TimeSpan.FromSeconds(60), ct));
