// Purge stale content from Cloudflare's cache, by URL or everything, and verify what the cache serves afterwards (seed 001, CDN Cache Purge).
// Severity: P1
// Recovery: 2m
var host = Param("host");                     // e.g. pitchey-production.pitchey.com
var url = Param("url", "https://" + host);    // where users reach the host
var paths = Param("paths", "")                // e.g. /api/health,/api/pitches/public; empty: purge everything (the seed's purge_everything)
    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var verify = Param("verify", "/");            // comma-separated paths to check afterwards when purging everything
var zone = Estate.ZoneOf(host);
var checkPaths = paths.Length > 0 ? paths : verify.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

await Step("Check what the cache serves", async ct =>
{
    foreach (var p in checkPaths)
    {
        var check = await Http.Check(url + p, ct);
        Log($"{p}: {check.Outcome}, cf-cache-status {check.Header("cf-cache-status") ?? "none"}{(check.Header("age") is { } age ? $", age {age} s" : "")}");
    }
});

if (paths.Length == 0)
    await Step($"Purge everything cached in {zone.Name}", ct => Cloudflare.PurgeCache(zone.Id, ct), destructive: true);
else
    await Step($"Purge {paths.Length} URL{(paths.Length == 1 ? "" : "s")} of {host}", ct => Cloudflare.PurgeUrls(zone.Id, paths.Select(p => $"https://{host}{p}"), ct), destructive: true);

// Seed 001: curl -I ... | grep -i cache. A purged URL comes from the origin again (MISS, DYNAMIC or EXPIRED), never the old HIT.
await Step("Verify the cache no longer serves the stale content", async ct =>
{
    foreach (var p in checkPaths)
    {
        await Http.WaitUntilHealthy(url + p, TimeSpan.FromSeconds(60), ct);
        var check = await Http.Verify(url + p, ct);
        var status = check.Header("cf-cache-status") ?? "none";
        if (status == "HIT" && check.Header("age") is { } age && int.TryParse(age, out var seconds) && seconds > 60)
            Fail($"{p} is still served from the cache (HIT, age {seconds} s): the purge did not reach it.");
        Log($"{p}: {check.Outcome}, cf-cache-status {status}");
    }
});

await Incident.Notify($"Stale content purged from the cache of {host}; fresh answers are served.", IncidentStatus.Monitoring);
