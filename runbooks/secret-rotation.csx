// Rotate leaked secrets: put the new value of every listed secret, verify the service with the new API key, and verify the leaked one no longer works (seed 003, Scenario 7, API Key Leaked).
// Severity: P0
// Recovery: 5m
var worker = Param("worker");                 // e.g. pitchey-production
var url = Param("url");                       // e.g. https://pitchey-production.cavelltheleaddev.workers.dev
var names = Param("secrets")                  // e.g. IFLOW_API_KEY,GROQ_API_KEY,CEREBRAS_API_KEY
    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
// The vault holds each new value as NAME_NEW (issued by the provider, or generated for the Worker's own API key) and
// the leaked one as NAME; neither is ever printed.
Incident.Severity = "P0";
var service = Estate.Workers.FirstOrDefault(w => w.Name == worker);
var health = service?.Health ?? "/api/health";
var monitor = ParamDuration("monitor", "30m"); // seed 003, after rollback: "Monitor for 30 minutes"
var critical = service is { Critical.Count: > 0 } ? service.Critical : new[] { health };
var apiKey = service?.Auth;                   // the secret clients present as a bearer token, if the Worker takes one

await Step("Check the secrets and their new values", async ct =>
{
    var have = (await Cloudflare.Secrets(worker, ct)).Select(s => s.Name).ToHashSet();
    var unknown = names.Where(n => !have.Contains(n)).ToList();
    if (unknown.Count > 0) Fail($"Worker {worker} has no secret {string.Join(", ", unknown)}; it has: {string.Join(", ", have.Order())}.");
    var noNewValue = names.Where(n => !HasSecret(n + "_NEW")).ToList();
    if (noNewValue.Count > 0)
        throw new Runbooks.Core.Errors.BadInputException($"No new value for {string.Join(", ", noNewValue)}: put each in the vault as {string.Join(", ", noNewValue.Select(n => n + "_NEW"))} first; nothing was rotated.");
    Log($"Rotating {string.Join(", ", names)} on {worker}.");
});

// The seed's `wrangler secret put NAME`, once per leaked secret.
foreach (var name in names)
    await Step($"Put the new {name}", ct => Cloudflare.PutSecret(worker, name, Secret(name + "_NEW"), ct), destructive: true);

var rotatesApiKey = apiKey is not null && names.Contains(apiKey);
// The new version propagates within seconds; with the API key rotated, healthy means the new key is taken.
await Step("Wait until healthy", ct => rotatesApiKey
    ? Http.WaitForStatus(url + critical[0], 200, TimeSpan.FromSeconds(60), ProbeRequest.Authorized(Secret(apiKey + "_NEW")), ct)
    : Http.WaitUntilHealthy(url + health, TimeSpan.FromSeconds(60), ct));

await Step("Verify core endpoints", async ct =>
{
    foreach (var path in critical)
        await (rotatesApiKey
            ? Http.Verify(url + path, ProbeRequest.Authorized(Secret(apiKey + "_NEW")), ct)
            : Http.Verify(url + path, ct));
});

if (rotatesApiKey)
    await Step($"Verify the leaked {apiKey} no longer works", async ct =>
    {
        if (!HasSecret(apiKey!)) { Log($"The leaked {apiKey} is not in the vault: check by hand that it is refused."); return; }
        // The new version propagates within seconds: until then the edge may still take the old key.
        await Http.WaitForStatus(url + critical[0], 401, TimeSpan.FromSeconds(60), ProbeRequest.Authorized(Secret(apiKey!)), ct);
    });

foreach (var name in names.Where(n => n != apiKey))
    Log($"{name}: revoke the leaked value at its provider if it has not, and update the password manager (seed 003 follow-up).");
await Incident.Notify($"Leaked credentials of {worker} rotated ({string.Join(", ", names)}); the leaked values no longer work.", IncidentStatus.Monitoring);

await Step("Monitor", ct => Http.Monitor(url + health, monitor, cancellation: ct));
await Incident.Notify($"{worker} has served with the rotated credentials through the monitoring window ({monitor}).", IncidentStatus.Resolved);
