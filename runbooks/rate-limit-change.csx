// Change a rate-limit rule when legitimate users get 429s (raise it) or abuse needs a tighter one, and verify (seed 003, Scenario 6).
// Severity: P1
// Recovery: 5m
var host = Param("host");                     // e.g. pitchey-production.pitchey.com
var url = Param("url", "https://" + host);    // where users reach the host
var requestsText = Param("requests");         // requests per period allowed from now on (the seed: CALC_LIMIT 30 -> 60)
var periodText = Param("period", "");         // seconds; empty keeps the rule's
var ruleId = Param("rule", "");               // the rule's id; empty: the rate-limit rule whose expression names the host
var path = Param("path", "/");
var monitor = ParamDuration("monitor", "30m"); // seed 003, after rollback: "Monitor for 30 minutes"
var probes = Param("probes", "20");           // how many requests verify that users are served again
if (!int.TryParse(requestsText, out var requests) || requests <= 0)
    throw new Runbooks.Core.Errors.BadInputException($"param requests must be a whole number of requests per period, not '{requestsText}'.");
int? period = periodText.Length == 0 ? null : int.TryParse(periodText, out var p) && p > 0 ? p
    : throw new Runbooks.Core.Errors.BadInputException($"param period must be a whole number of seconds, not '{periodText}'.");
var zone = Estate.ZoneOf(host);

var rule = await Step("Find the rate-limit rule", async ct =>
{
    var rules = await Cloudflare.Rules(zone.Id, "http_ratelimit", ct);
    var found = ruleId.Length > 0 ? rules.FirstOrDefault(r => r.Id == ruleId) : rules.FirstOrDefault(r => r.Expression.Contains(host, StringComparison.Ordinal));
    if (found is null)
        Fail($"Zone {zone.Name} has no rate-limit rule {(ruleId.Length > 0 ? ruleId : "naming " + host)}; it has: {(rules.Count == 0 ? "none" : string.Join(", ", rules.Select(r => $"{r.Id} ({r.Description})")))}.");
    Log($"Rule '{found!.Description}': {found.Ratelimit?.RequestsPerPeriod} requests per {found.Ratelimit?.Period} s, action {found.Action}.");
    return found;
});

await Step($"Allow {requests} requests per {period ?? rule.Ratelimit?.Period} s", ct => Cloudflare.SetRateLimit(zone.Id, rule.Id!, requests, period, ct), destructive: true);

await Step("Wait until users are served", ct => Http.WaitUntilHealthy(url + path, TimeSpan.FromSeconds(60), ct));

await Step("Verify legitimate traffic is no longer limited", async ct =>
{
    var limited = 0;
    if (!int.TryParse(probes, out var count) || count <= 0)
        throw new Runbooks.Core.Errors.BadInputException($"param probes must be a whole number of requests above 0, not '{probes}'.");
    for (var i = 0; i < count; i++)
        if ((int?)(await Http.Check(url + path, ct)).Status == 429) limited++;
    if (limited > 0) Fail($"{limited} of {count} requests to {host} still got 429 after the change.");
    Log($"{count} of {count} requests served.");
});

await Incident.Notify($"The rate limit of {host} is now {requests} requests per {period ?? rule.Ratelimit?.Period} s; legitimate users are served.", IncidentStatus.Monitoring);

await Step("Monitor", ct => Http.Monitor(url + path, monitor, cancellation: ct));
await Incident.Notify($"Users of {host} have been served through the monitoring window ({monitor}) under the new limit.", IncidentStatus.Resolved);
