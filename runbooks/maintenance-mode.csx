// Put a Cloudflare Worker into emergency maintenance mode: deploy the minimal maintenance Worker (seed 000, Option 3A).
// Severity: P0
// Recovery: 1m
var worker = Param("worker");                 // e.g. pitchey-production
var url = Param("url");                       // e.g. https://pitchey-production.cavelltheleaddev.workers.dev
var message = Param("message", "Platform temporarily unavailable - maintenance in progress");
Incident.Severity = "P0";

await Step("Check current deployment", async ct =>
{
    var deployments = await Cloudflare.Deployments(worker, ct);
    Log($"Serving: deployment {deployments[0].Id}; note it to roll forward after maintenance.");
});

await Step("Deploy the maintenance worker", ct => Cloudflare.DeployMaintenanceWorker(worker, message, ct), destructive: true);

await Step("Verify maintenance mode is served", ct =>
    Http.WaitForStatus(url + (Estate.Workers.FirstOrDefault(w => w.Name == worker)?.Health ?? "/api/health"), 503, TimeSpan.FromSeconds(60), ct));
