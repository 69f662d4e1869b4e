// Restore the database from a backup after corruption and prove it by row counts and checksums (seed 004 Type 3, seed 001).
// Severity: P0
// Recovery: 10m

// --param backup=FILE is the pg_dump -Fc file to restore, or "latest" for the newest in --param backup-dir.
var backupParam = Param("backup");
var backupDir = Param("backup-dir", ".runbooks/backups");
Incident.Severity = "P0"; // seed 004: data corruption or loss is P0

var backupFile = await Step("Identify backup to restore", () =>
{
    var file = backupParam == "latest" ? Db.LatestBackup(backupDir) : Path.GetFullPath(backupParam);
    if (file is null || !File.Exists(file))
        throw new Runbooks.Core.Errors.BadInputException($"Backup {file ?? backupParam + " in " + backupDir} does not exist.");
    var expected = Db.SnapshotOfBackup(file); // without it the restore could not be proven
    Log($"Restoring {file}: {expected.Tables.Count} tables, {expected.TotalRows} rows as of {expected.TakenAt:u}.");
    return file;
});

await Step("Check database health", async ct =>
{
    var health = await Db.Health(cancellation: ct);
    Log($"{health.Endpoint}: {health.Connections} connections, rows: {string.Join(", ", health.TableRows.Select(t => $"{t.Key} {t.Value}"))}");
});

// Seed 001, "Data Recovery from Backup", step 1. If a later step fails, writes stay stopped: a database that could
// not be restored should not take more writes until someone has looked.
await Step("Stop database writes", async ct => await Db.StopWrites(ct), destructive: true);

// The restore discards the current content; keep it, corrupt as it is, for the post-mortem.
var preRestore = await Step("Back up the current state", async ct =>
    (await Db.Backup(Path.Combine(backupDir, "pre-restore"), ct)).File);

await Step("Restore from backup", async ct => await Db.Restore(backupFile, verify: false, ct), destructive: true);

await Step("Verify data integrity", async ct =>
{
    var after = await Db.Verify(Db.SnapshotOfBackup(backupFile), ct);
    Log($"{after.Tables.Count} tables, {after.TotalRows} rows: counts and checksums identical to the backup.");
});

await Step("Resume writes", async ct => await Db.ResumeWrites(ct), destructive: true);

await Step("Confirm writes are accepted", async ct =>
{
    var health = await Db.Health(cancellation: ct);
    if (health.ReadOnly) Fail($"{health.Endpoint} is still read-only.");
    // Seed 001's success criterion: "Database queries < 500ms average".
    if (health.Query.Mean > TimeSpan.FromMilliseconds(500)) Fail($"{health.Endpoint} answers too slowly for seed 001's 500 ms average: {health.Query}.");
    Log($"Writes accepted again ({health.Query}); the state before the restore is kept at {preRestore}.");
});
