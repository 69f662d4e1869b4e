// Send a hostname's users to the maintenance page on Cloudflare Pages with a redirect rule, or take it away again with --param off=true (seed 000, Option 3B; seed 002, DNS failover to maintenance page).
// Severity: P0
// Recovery: 2m
var host = Param("host");                     // e.g. pitchey-production.pitchey.com
var url = Param("url", "https://" + host);    // where users reach the host
var off = Param("off", "false") == "true";    // take the maintenance page away
var path = Param("path", "/");                // what to probe on the host
var project = Param("pages", Estate.PagesProjects.FirstOrDefault()?.Name ?? ""); // the Pages project that serves the page
var page = Param("page", "/maintenance.html");
Incident.Severity = "P0";
var zone = Estate.ZoneOf(host);
// The rule is found again by its description, so --param off removes exactly this one and leaves other teams' rules alone.
var description = $"runbooks maintenance-page: {host}";
const string phase = "http_request_dynamic_redirect";

if (off)
{
    await Step("Remove the maintenance redirect", async ct =>
    {
        if (await Cloudflare.RemoveRules(zone.Id, phase, description, ct) == 0) Log($"No maintenance redirect was in place for {host}.");
    }, destructive: true);
    await Step("Verify users reach the service again", ct => Http.WaitUntilHealthy(url + path, TimeSpan.FromSeconds(60), ct));
    await Incident.Notify($"{host} serves again; the maintenance page is gone.", IncidentStatus.Resolved);
    return;
}

if (project.Length == 0) Fail("The estate has no Pages project to serve the maintenance page; pass --param pages=PROJECT.");
var maintenanceUrl = (Estate.Pages(project).Url ?? $"https://{project}.pages.dev") + page;

await Step("Check the maintenance page is served", ct => Http.Verify(maintenanceUrl, ct));

var already = await Step("Check for a maintenance redirect already in place", async ct =>
    (await Cloudflare.Rules(zone.Id, phase, ct)).Any(r => r.Description == description));

await Incident.Notify($"{host} is down; sending users to the maintenance page while we work on it.", IncidentStatus.Identified);
if (already) Log($"{host} already redirects to the maintenance page; leaving the rule as it is.");
else await Step($"Redirect {host} to the maintenance page", ct =>
    Cloudflare.AddRedirect(zone.Id, $"(http.host eq \"{host}\")", maintenanceUrl, description, 302, ct), destructive: true);

await Step("Verify users get the maintenance page", async ct =>
{
    await Http.WaitForStatus(url + path, 302, TimeSpan.FromSeconds(60), ct);
    var check = await Http.Expect(url + path, 302, cancellation: ct);
    if (check.Header("Location") != maintenanceUrl) Fail($"{host} redirects to {check.Header("Location")}, not to the maintenance page {maintenanceUrl}.");
});

await Incident.Notify($"Users of {host} see the maintenance page; the service stays down until the fix is out.", IncidentStatus.Monitoring);
