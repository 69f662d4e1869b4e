// Put back the vars of the known-good version after a bad configuration change, then verify the service (seed 000, Option 2B).
// Severity: P0
// Recovery: 2m
var worker = Param("worker");                 // e.g. pitchey-production
var url = Param("url");                       // e.g. https://pitchey-production.cavelltheleaddev.workers.dev
var version = Param("version", "");           // the known-good version; empty: the one the previous deployment served
Incident.Severity = "P0";
var service = Estate.Workers.FirstOrDefault(w => w.Name == worker);
var health = service?.Health ?? "/api/health";

// The seed copies the newest wrangler.toml backup and redeploys; the known-good version already holds those vars, and a
// settings change keeps the code and every other binding as they are.
await Step("Put back the known-good version's vars", ct =>
    Cloudflare.RestoreVars(worker, version.Length > 0 ? version : null, ct), destructive: true);

await Step("Wait until healthy", ct => Http.WaitUntilHealthy(url + health, TimeSpan.FromSeconds(60), ct));

await Step("Verify core endpoints", async ct =>
{
    foreach (var path in service?.Critical ?? [])
        await Http.Verify(url + path, ct);
});

await Incident.Notify($"{worker} runs with its known-good vars again; watching it.", IncidentStatus.Monitoring);
