// Roll a Cloudflare Pages site back to its previous successful production deployment and verify it serves.
// Severity: P0
// Recovery: 30s
var project = Param("project");               // e.g. pitchey
var url = Param("url");                       // e.g. https://pitchey.pages.dev
var deployment = Param("deployment", "");     // empty: the previous successful production deployment
Incident.Severity = "P0";

await Step("Quick health check", async ct =>
{
    var health = await Http.Check($"{url}/", ct);
    Log(health.Healthy ? "The site answers; rolling back as decided." : $"SITE CHECK FAILED: {health.Outcome}");
});

await Step("Roll back production", ct =>
    Cloudflare.RollbackPages(project, deployment.Length > 0 ? deployment : null, ct), destructive: true);

await Step("Wait until the site serves", ct => Http.WaitUntilHealthy($"{url}/", TimeSpan.FromSeconds(60), ct));

await Incident.Notify($"{project} is rolled back on Cloudflare Pages; watching it.", IncidentStatus.Monitoring);
