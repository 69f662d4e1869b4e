// Roll a failed database migration back to a target version or the last stable one, after an emergency backup (seed 004, Type 1).
// Severity: P1
// Recovery: 5m

// --param target=8 rolls back to migration 8 (seed 004's --migration-target=8); the default, last-stable, to the
// newest version marked stable (--last-stable). --param migrations=DIR names the folder of NNNN_name.up/down.sql files.
var target = Param("target", "last-stable");
var folder = Param("migrations", "");
var backupDir = Param("backup-dir", ".runbooks/backups");
var migrations = folder.Length > 0 ? Db.MigrationsIn(folder) : Db.Migrations;

var before = await Step("Check migration status", async ct =>
{
    var status = await migrations.Status(ct);
    Log($"{Db.Endpoint} is at version {status.Current?.ToString() ?? "none"}; last stable {status.LastStable?.ToString() ?? "none"}; " +
        $"{status.Pending.Count} pending; modified since applied: " +
        (status.Migrations.Any(m => m.Modified) ? string.Join(", ", status.Migrations.Where(m => m.Modified).Select(m => m.Version)) : "none"));
    return status.Current;
});

var rollbackTo = await Step("Identify rollback target", async ct =>
{
    if (target == "last-stable")
        return await migrations.LastStable(ct) ?? throw new Runbooks.Core.Errors.BadInputException(
            "No migration is marked stable: give the target with --param target=VERSION.");
    return long.TryParse(target, out var version) ? version : throw new Runbooks.Core.Errors.BadInputException(
        $"--param target must be a migration number or last-stable, not '{target}'.");
});
if (rollbackTo >= before)
{
    Log($"Nothing to roll back: the database is at version {before}, the target is {rollbackTo}.");
    return;
}

// Seed 004, pre-rollback safety checklist: an emergency backup exists before anything is dropped.
var backup = await Step("Create emergency backup", async ct => (await Db.Backup(backupDir, ct)).File);

await Step($"Roll back migrations to {rollbackTo}", async ct =>
{
    var run = await migrations.RollbackTo(rollbackTo, ct);
    Log($"Ran {string.Join(", ", run.Files)}.");
}, destructive: true);

await Step("Verify migration state", async ct =>
{
    var status = await migrations.Status(ct);
    if (status.Current != rollbackTo) Fail($"The database is at version {status.Current}, not {rollbackTo}.");
    Log($"At version {status.Current}; pending again: {string.Join(", ", status.Pending.Select(m => m.Version))}.");
});

await Step("Verify database health", async ct =>
{
    var health = await Db.Health(cancellation: ct);
    Log($"SELECT 1 answered in {health.LatencyMs} ms; {health.Connections} connections; rows: " +
        string.Join(", ", health.TableRows.Select(t => $"{t.Key} {t.Value}")));
    Log($"Emergency backup kept at {backup}.");
});
