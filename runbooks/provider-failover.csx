// Fail over to the next AI provider when the one in use is down, through the Worker var that chooses it; with every provider down, say so on the status page and stop (seed 003, Scenario 5).
// Severity: P1
// Recovery: 5m
var worker = Param("worker");                 // e.g. pitchey-production
var url = Param("url");                       // e.g. https://pitchey-production.cavelltheleaddev.workers.dev
var service = Estate.Workers.FirstOrDefault(w => w.Name == worker);
var name = Param("var", service?.Choices.Keys.FirstOrDefault() ?? "AI_PROVIDER"); // the var that chooses the provider
var order = Param("providers", service?.Choices.GetValueOrDefault(name) is { } listed ? string.Join(",", listed) : "") // failover order
    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var health = service?.Health ?? "/api/health";
var monitor = ParamDuration("monitor", "30m"); // seed 003, after rollback: "Monitor for 30 minutes"
var settle = ParamDuration("settle", "30s");   // how long a provider has to prove itself
Incident.Severity = "P1";
if (order.Length < 2) throw new Runbooks.Core.Errors.BadInputException($"No providers to fail over between: pass --param providers=a,b or give {name} choices in the estate.");

var current = await Step($"Check which provider {name} chooses", async ct =>
{
    var vars = await Cloudflare.Vars(worker, ct);
    var value = vars.GetValueOrDefault(name) ?? throw new Runbooks.Core.Errors.BadInputException($"Worker {worker} has no var {name}; it has: {string.Join(", ", vars.Keys)}.");
    var check = await Http.Check(url + health, ct);
    Log($"{name} = {value}; {health} answers {check.Outcome}.");
    return value;
});

// The seed's automatic failover, by hand: the next provider in the order, then the one after, until one serves.
var candidates = order.SkipWhile(p => p != current).Skip(1).Concat(order.TakeWhile(p => p != current)).ToList();
string? serving = null;
foreach (var candidate in candidates)
{
    await Step($"Switch {name} to {candidate}", ct => Cloudflare.SetVar(worker, name, candidate, ct), destructive: true);
    var healthy = await Step($"Check {candidate} serves", async ct =>
    {
        try { await Http.WaitUntilHealthy(url + health, settle, ct); return true; }
        catch (Runbooks.Core.Errors.RunbookException e) { Log($"{candidate} does not serve either: {e.Message}"); return false; }
    });
    if (healthy) { serving = candidate; break; }
}

if (serving is null)
{
    // Seed 003, "All Providers Down": the AI service is unavailable; tell users, and leave the usual provider chosen.
    await Step($"Put {name} back to {order[0]}", ct => Cloudflare.SetVar(worker, name, order[0], ct), destructive: true);
    // Seed 003: "Update status page"; users see the AI features answer 503 until a provider recovers.
    await Incident.Notify($"AI interpretations temporarily unavailable: every provider is down ({string.Join(", ", order)}).", IncidentStatus.Identified);
    Fail($"Every provider is down ({string.Join(", ", order)}): {name} is back on {order[0]}; tell users on the status page until one recovers.");
}

await Step("Verify core endpoints", async ct =>
{
    foreach (var path in service?.Critical ?? [])
        await Http.Verify(url + path, ct);
});
await Incident.Notify($"AI provider {current} is down; {worker} now uses {serving}.", IncidentStatus.Monitoring);

await Step("Monitor", ct => Http.Monitor(url + health, monitor, cancellation: ct));
await Incident.Notify($"{worker} has served on {serving} through the monitoring window ({monitor}).", IncidentStatus.Resolved);
