// Move a hostname's traffic to the standby Worker by its Workers route, or its DNS record, and back with --param back=true (seed 002, DNS failover; seed 001, emergency routing to pitchey-emergency).
// Severity: P0
// Recovery: 2m
var host = Param("host");                     // e.g. pitchey-production.pitchey.com
var url = Param("url", "https://" + host);    // where users reach the host
var standby = Param("standby");               // e.g. pitchey-emergency, deployed beforehand from the last good build (seed 001)
var standbyUrl = Param("standby-url", "");    // the standby's own URL, to check it before any user is sent there
var primary = Param("primary", Estate.Workers.Count == 1 ? Estate.Workers[0].Name : ""); // where --param back returns
var back = Param("back", "false") == "true";
var path = Param("path", Estate.Workers.FirstOrDefault(w => w.Name == primary)?.Health ?? "/api/health");
Incident.Severity = "P0";
var zone = Estate.ZoneOf(host);
var to = back ? primary : standby;
if (to.Length == 0) Fail("The estate runs several Workers: pass --param primary=WORKER to say which one the host returns to.");

if (!back && standbyUrl.Length > 0)
    await Step($"Check the standby {standby} is healthy", ct => Http.Verify(standbyUrl + path, ct));

await Incident.Notify(back ? $"Moving {host} back to {to}." : $"{host} is failing; moving its traffic to the standby {standby}.", IncidentStatus.Identified);

// A Workers route runs before DNS: when one covers the host, it decides which Worker answers.
var route = await Step($"Find the route or record that serves {host}", async ct =>
    (await Cloudflare.Routes(zone.Id, ct)).FirstOrDefault(r => r.Covers(host)));

if (route is not null)
{
    if (route.Script == to) Log($"Route {route.Pattern} already runs {to}.");
    else await Step($"Point route {route.Pattern} at {to}", ct => Cloudflare.PointRoute(zone.Id, route, to, ct), destructive: true);
}
else
{
    var record = await Step($"Find the DNS record of {host}", async ct =>
        (await Cloudflare.DnsRecords(zone.Id, host, ct)).FirstOrDefault(r => r.Type == "CNAME")
            ?? throw new Runbooks.Core.Errors.BadInputException($"{host} has neither a Workers route nor a CNAME record in zone {zone.Name}; nothing to fail over."));
    var target = Param(back ? "primary-host" : "standby-host"); // the CNAME target, e.g. pitchey-emergency.example.workers.dev
    await Step($"Point {host} at {target}", ct => Cloudflare.PointDnsRecord(zone.Id, record, target, $"runbooks dns-failover to {to}", ct), destructive: true);
}

await Step("Wait until healthy", ct => Http.WaitUntilHealthy(url + path, TimeSpan.FromSeconds(60), ct));

await Step("Verify core endpoints", async ct =>
{
    foreach (var p in Estate.Workers.FirstOrDefault(w => w.Name == primary)?.Critical ?? [])
        await Http.Verify(url + p, ct);
});

await Incident.Notify($"{host} is served by {to}; watching it.", back ? IncidentStatus.Resolved : IncidentStatus.Monitoring);
