// Deploy a known-good bundle as a new version when the previous version is bad too, then verify (seed 000, Option 1B).
// Severity: P0
// Recovery: 2m
var worker = Param("worker");                 // e.g. pitchey-production
var monitor = ParamDuration("monitor", "5m"); // seed 000, after a re-deploy: "Monitor for 5 minutes"
var url = Param("url");                       // e.g. https://pitchey-production.cavelltheleaddev.workers.dev
var bundle = Param("bundle");                 // the folder of the last good build (its modules, optionally vars.json)
var main = Param("main", "index.js");         // its entry module
var message = Param("message", "Deploy known-good bundle");
Incident.Severity = "P0";
var service = Estate.Workers.FirstOrDefault(w => w.Name == worker);
var health = service?.Health ?? "/api/health";

await Step("Check current deployment", async ct =>
{
    var deployments = await Cloudflare.Deployments(worker, ct);
    Log($"Serving: deployment {deployments[0].Id} ({deployments[0].CreatedOn:u}); the versions before it are bad too, so this deploys a known-good build.");
});

// The seed copies the backup worker file into place and runs `wrangler deploy`: upload it as a version, deploy it at 100%.
await Step("Deploy the known-good bundle", ct => Cloudflare.DeployBundle(worker, Path.GetFullPath(bundle), main, message, ct), destructive: true);

await Step("Wait until healthy", ct => Http.WaitUntilHealthy(url + health, TimeSpan.FromSeconds(60), ct));

await Step("Verify core endpoints", async ct =>
{
    foreach (var path in service?.Critical ?? [])
        await Http.Verify(url + path, ct);
});

await Incident.Notify($"{worker} runs the known-good build again; watching it.", IncidentStatus.Monitoring);

await Step("Monitor", ct => Http.Monitor(url + health, monitor, cancellation: ct));
await Incident.Notify($"{worker} has run the known-good build through the monitoring window ({monitor}).", IncidentStatus.Resolved);
