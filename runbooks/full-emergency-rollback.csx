// Full emergency rollback: every failing service, then the schema, then (when a backup is named) the data, back to the last stable state by running the runbooks for each as sub-procedures; then verify all systems (seed 004, Type 4; seed 001, emergency rollback).
// Severity: P0
// Recovery: 15m
var all = Param("all", "false") == "true";    // roll back every service, not only the failing ones
var schema = Param("schema", "last-stable");  // migration target (seed 004's --migration-target), or "keep"
var migrations = Param("migrations", "");     // the folder of NNNN_name.up/down.sql files
var backupDir = Param("backup-dir", ".runbooks/backups");
var backup = Param("backup", "");             // a backup to restore the data from (seed 004 step 3: "if needed"); empty keeps the data
Incident.Severity = "P0";
Incident.Declare("Full emergency rollback", "P0");

var services = Estate.Workers.Where(w => w.Url is not null).Select(w => (Kind: "worker", w.Name, Url: w.Url!, w.Health))
    .Concat(Estate.PagesProjects.Where(p => p.Url is not null).Select(p => (Kind: "pages", p.Name, Url: p.Url!, p.Health)))
    .Concat(Estate.VercelProjects.Where(p => p.Url is not null).Select(p => (Kind: "vercel", p.Name, Url: p.Url!, p.Health)))
    .ToList();

var failing = await Step("Find what is failing", async ct =>
{
    var down = new List<string>();
    foreach (var s in services)
    {
        var check = await Http.Check(s.Url + s.Health, ct);
        Log($"{s.Kind} {s.Name}: {check.Outcome}");
        if (!check.Healthy) down.Add(s.Name);
    }
    return down;
});

await Incident.Notify(failing.Count == 0 ? "Full emergency rollback under way." : $"Full emergency rollback under way: {string.Join(", ", failing)} failing.", IncidentStatus.Identified);

// 1. The application: each service by its own runbook, so the procedure is the one the team drills on its own.
foreach (var s in services.Where(s => all || failing.Contains(s.Name)))
{
    switch (s.Kind)
    {
        case "worker": await Run("worker-rollback", ("worker", s.Name), ("url", s.Url)); break;
        case "pages": await Run("pages-rollback", ("project", s.Name), ("url", s.Url)); break;
        default: await Run("vercel-rollback", ("project", s.Name), ("url", s.Url)); break;
    }
}

// 2. The schema, back to the last stable migration (nothing happens when it is there already).
if (schema != "keep" && HasSecret("DATABASE_URL"))
    await Run("db-migration-rollback", ("target", schema), ("migrations", migrations), ("backup-dir", backupDir));
else
    Log(schema == "keep" ? "Schema kept as it is (--param schema=keep)." : "No DATABASE_URL: the schema is not rolled back.");

// 3. The data, only when a backup is named: a restore loses every write since it was taken.
if (backup.Length > 0)
    await Run("db-restore", ("backup", backup), ("backup-dir", backupDir), ("migrations", migrations));

await Step("Verify all systems", async ct =>
{
    foreach (var s in services)
        await Http.Verify(s.Url + s.Health, ct);
    if (HasSecret("DATABASE_URL"))
    {
        var health = await Db.Health(cancellation: ct);
        Log($"Database: SELECT 1 in {health.LatencyMs} ms; rows: {string.Join(", ", health.TableRows.Select(t => $"{t.Key} {t.Value}"))}");
    }
});
await Incident.Notify($"Full emergency rollback done: {(failing.Count == 0 ? "no service was failing" : string.Join(", ", failing) + " rolled back")}; restore service gradually (seed 004 step 4).", IncidentStatus.Monitoring);
