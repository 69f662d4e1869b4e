// Roll back every Cloudflare Worker of the estate to its previous version at once, verify each, and name any that failed (seed 002, "Cloudflare Workers Rollback"; seed 001, emergency rollback).
// Severity: P0
// Recovery: 5m
var message = Param("message", "Rollback: multi-Worker incident");
var only = Param("workers", "");              // e.g. auth-worker,api-gateway; empty: every Worker of the estate
Incident.Severity = "P0";

// The estate names the Workers, so this runbook names none: seed 002's five `cd ...; wrangler rollback` blocks become one list.
var workers = only.Length == 0 ? Estate.Workers.ToList()
    : only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(name => Estate.Worker(name)).ToList();
if (workers.Count == 0) throw new InvalidOperationException("The estate names no Worker: add them to .config/estate.yaml (cloudflare.workers).");

var outcomes = await Step("Roll back every Worker in parallel", async ct =>
{
    var all = await Task.WhenAll(workers.Select(async w =>
    {
        try
        {
            var r = await Cloudflare.RollbackWorker(w.Name, message: message, cancellation: ct);
            return new WorkerOutcome(w.Name, r.ToVersionId, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new WorkerOutcome(w.Name, null, e.Message); // one Worker's failure must not stop the others' rollback
        }
    }));
    foreach (var o in all) Log(o.Error is null ? $"{o.Worker}: now serving version {o.Version}" : $"{o.Worker}: NOT rolled back: {o.Error}");
    return all;
}, destructive: true);

await Step("Verify each rolled-back Worker", async ct =>
{
    var rolledBack = workers.Where(w => outcomes?.Any(o => o.Worker == w.Name && o.Error is null) ?? false).ToList();
    await Task.WhenAll(rolledBack.Select(async w =>
    {
        if (w.Url is null) { Log($"{w.Name}: the estate gives no url; verify {w.Health} by hand."); return; }
        await Http.WaitUntilHealthy(w.Url + w.Health, TimeSpan.FromSeconds(60), ct);
        foreach (var path in w.Critical) await Http.Verify(w.Url + path, ct);
    }));
});

await Step("Report Workers that were not rolled back", () =>
{
    var failed = outcomes?.Where(o => o.Error is not null).ToList() ?? [];
    if (failed.Count > 0)
        throw new InvalidOperationException($"{failed.Count} of {workers.Count} Workers were not rolled back: "
            + string.Join("; ", failed.Select(f => $"{f.Worker} ({f.Error})")) + ". Roll them back by hand: wrangler rollback --name <worker>.");
    Log($"All {workers.Count} Workers rolled back and verified.");
});

await Incident.Notify("Every failing Worker is rolled back (see the per-Worker results); watching them.", IncidentStatus.Monitoring);

record WorkerOutcome(string Worker, string? Version, string? Error);
