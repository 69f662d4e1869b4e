// Restore the database from a backup (pg_dump -Fc or plain SQL) after corruption, prove it by row counts and checksums, and re-run migrations to a target if asked (seed 004 Type 3, seed 001).
// Severity: P0
// Recovery: 10m
using Runbooks.Providers.Postgres;

// --param backup=FILE is the backup to restore, pg_dump -Fc or a plain pg_dump > file.sql (seed 004), or "latest" for
// the newest in --param backup-dir. --param migrate-to=VERSION|latest re-runs the migrations in --param migrations=DIR
// (default: db/migrations or drills/db/migrations) up to that version after the restore (seed 004, "Re-run migrations
// if needed"); without it the schema stays as the backup has it.
var backupParam = Param("backup");
var backupDir = Param("backup-dir", ".runbooks/backups");
var migrateTo = Param("migrate-to", "");
var migrationsFolder = Param("migrations", "");
Incident.Severity = "P0"; // seed 004: data corruption or loss is P0


var backupFile = await Step("Identify backup to restore", () =>
{
    var file = backupParam == "latest" ? Db.LatestBackup(backupDir) : Path.GetFullPath(backupParam);
    if (file is null || !File.Exists(file))
        throw new Runbooks.Core.Errors.BadInputException($"Backup {file ?? backupParam + " in " + backupDir} does not exist.");
    if (migrateTo.Length > 0) TargetVersion(); // a wrong target stops the run before anything is touched
    if (File.Exists(DbBackup.SnapshotFileOf(file)) || Db.BackupFormatOf(file) == DbBackupFormat.Custom)
    {
        var expected = Db.SnapshotOfBackup(file); // without it the restore could not be proven
        Log($"Restoring {file}: {expected.Tables.Count} tables, {expected.TotalRows} rows as of {expected.TakenAt:u}.");
    }
    else
    {
        Log($"Restoring {file}, a plain SQL dump with no snapshot beside it: its content is known by loading it into a scratch database first.");
    }
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

// Its result carries what the backup holds: for a plain file without a snapshot beside it, that is only known from the
// scratch load the restore does, so it is journaled with the step and comes back on --resume.
var restore = await Step("Restore from backup", async ct => await Db.Restore(backupFile, verify: false, ct), destructive: true);

await Step("Verify data integrity", async ct =>
{
    var expected = restore?.Expected ?? Db.SnapshotOfBackup(backupFile);
    var proof = restore is { Proof.Length: > 0 } ? restore.Proof : "the snapshot saved beside it";
    var after = await Db.Verify(expected, ct);
    Log($"{after.Tables.Count} tables, {after.TotalRows} rows: counts and checksums identical to the backup; proof: {proof}.");
});

if (migrateTo.Length > 0)
{
    // Seed 004, Type 3, step 4. Writes are still stopped: the application comes back on the schema it expects, not
    // on the backup's.
    await Step($"Re-run migrations up to {migrateTo}", async ct =>
    {
        var run = await Migrations().Apply(TargetVersion(), ct);
        Log(run.Files.Count == 0 ? $"No migration to run: the restored schema is at version {run.From?.ToString() ?? "none"}."
            : $"Ran {string.Join(", ", run.Files)}.");
    }, destructive: true);

    await Step("Verify migration state", async ct =>
    {
        var target = TargetVersion();
        var status = await Migrations().Status(ct);
        var missing = status.Migrations.Where(m => !m.Applied && m.Version <= target).Select(m => m.Version).ToList();
        if (status.Current != target || missing.Count > 0)
            Fail($"{Db.Endpoint} is at version {status.Current?.ToString() ?? "none"}, not {target}" +
                (missing.Count > 0 ? $" (not applied: {string.Join(", ", missing)})" : "") +
                (status.Current > target ? $": the backup is newer than the target; roll back with db-migration-rollback --param target={target}." : "."));
        Log($"At version {status.Current}, the target; pending: {(status.Pending.Count == 0 ? "none" : string.Join(", ", status.Pending.Select(m => m.Version)))}.");
    });
}

await Step("Resume writes", async ct => await Db.ResumeWrites(ct), destructive: true);

await Step("Confirm writes are accepted", async ct =>
{
    var health = await Db.Health(cancellation: ct);
    if (health.ReadOnly) Fail($"{health.Endpoint} is still read-only.");
    // Seed 001's success criterion: "Database queries < 500ms average".
    if (health.Query.Mean > TimeSpan.FromMilliseconds(500)) Fail($"{health.Endpoint} answers too slowly for seed 001's 500 ms average: {health.Query}.");
    Log($"Writes accepted again ({health.Query}); the state before the restore is kept at {preRestore}.");
});

// Only a run that migrates needs the folder (and a connection to look for it): a restore alone, or a plan, must not
// fail for the lack of one.
DbMigrations Migrations() => migrationsFolder.Length > 0 ? Db.MigrationsIn(migrationsFolder) : Db.Migrations;

// The version --param migrate-to names: a migration in the folder, or its newest for "latest".
long TargetVersion()
{
    var migrations = Migrations();
    var versions = MigrationFile.Discover(migrations.Directory).Select(f => f.Version).ToList();
    if (versions.Count == 0)
        throw new Runbooks.Core.Errors.BadInputException($"--param migrate-to={migrateTo}: {migrations.Directory} has no migrations.");
    if (migrateTo == "latest") return versions.Max();
    return long.TryParse(migrateTo, out var v) && versions.Contains(v) ? v : throw new Runbooks.Core.Errors.BadInputException(
        $"--param migrate-to must be latest or a migration in {migrations.Directory} ({versions.Min()} to {versions.Max()}), not '{migrateTo}'.");
}
