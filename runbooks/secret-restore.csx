// Put back the previous known-good value of a Worker secret that was changed, then test authentication (seed 000, Option 2A).
// Severity: P0
// Recovery: 2m
var worker = Param("worker");                 // e.g. pitchey-production
var url = Param("url");                       // e.g. https://pitchey-production.cavelltheleaddev.workers.dev
var secret = Param("secret");                 // e.g. DATABASE_URL or JWT_SECRET
var from = Param("from", secret + "_KNOWN_GOOD"); // the secret that holds the previous known-good value (from the vault)
Incident.Severity = "P0";
var service = Estate.Workers.FirstOrDefault(w => w.Name == worker);
var health = service?.Health ?? "/api/health";

await Step("Check the secret is one the Worker has", async ct =>
{
    var names = (await Cloudflare.Secrets(worker, ct)).Select(s => s.Name).ToList();
    if (!names.Contains(secret))
        throw new InvalidOperationException($"Worker {worker} has no secret {secret}; it has: {string.Join(", ", names)}.");
    Log($"{worker} has {secret}; putting back the value kept in {from}.");
});

await Incident.Notify($"{worker} fails authentication: a secret was changed; putting back the known-good {secret}.", IncidentStatus.Identified);

// The seed's `wrangler secret put` with the previous value pasted at the prompt: here the vault's copy, never printed.
await Step($"Put the known-good {secret}", ct => Cloudflare.PutSecret(worker, secret, Secret(from), ct), destructive: true);

await Step("Wait until healthy", ct => Http.WaitUntilHealthy(url + health, TimeSpan.FromSeconds(60), ct));

await Step("Test authentication on the critical endpoints", async ct =>
{
    foreach (var path in service?.Critical ?? [])
        await Http.Verify(url + path, ct);
});

await Incident.Notify($"{worker} authenticates again with the known-good {secret}; watching it.", IncidentStatus.Monitoring);
