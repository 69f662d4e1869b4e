// Repair a corrupted table from a point-in-time copy of the database, losing no user data: copy the database as of just before the corruption, put back what it removed, keep every write since (seed 000 RPO: user data 0 minutes; seeds 001, 004). The estate's postgres provider decides where the copy comes from: the WAL archive (self-managed), a restored recovery branch (Neon), or an in-place restore with the writes since saved first (Supabase).
// Severity: P0
// Recovery: 15m
using Runbooks.Core.Estates;
using Runbooks.Providers.Postgres;

// --param table=NAME is the table the incident says is damaged. --param at=TIME|LSN is the moment to copy the database
// as of (a time for Neon and Supabase, which give no WAL access): the last moment before the damaging statement committed,
// as precisely as the incident knows it. A log line of the statement's start is a little early: that still repairs, but
// rows written to the table between it and the damage are in neither the copy nor the live table, and stay lost. A moment
// after the commit copies the damage too, and "Verify the copy" says so.
// A self-managed server's material is --param base-backup=DIR and --param wal-archive=DIR; without at= the corrupting
// transaction is found in the WAL and exactly what it removed or changed comes back. From a time, rows that differ are
// kept as they are (they cannot be told apart from later writes), and only missing rows come back.
var table = Param("table");
var at = Param("at", "");
var given = at.Length > 0 ? PointInTimeTarget.Parse(at, "at") : null; // a bad --param at= stops the run before anything is touched
var postgres = Estate.Postgres;
Incident.Severity = "P0"; // seed 004: data corruption or loss is P0

switch (postgres.Provider)
{
    case EstatePostgresProvider.Neon: await RepairFromNeonBranch(); break;
    case EstatePostgresProvider.Supabase: await RepairWithSupabaseRestore(); break;
    default: await RepairFromWalArchive(); break;
}

await Incident.Notify($"Resolved: {table} repaired from a point-in-time copy; every write since the corruption was kept.", IncidentStatus.Resolved);

// Self-managed: the copy is a second server on this machine; live is not touched until the repair, and stays up throughout.
async Task RepairFromWalArchive()
{
    var (baseBackup, walArchive) = (Param("base-backup", ""), Param("wal-archive", ""));
    if (baseBackup.Length == 0 || walArchive.Length == 0)
        Fail("A self-managed server's copy needs --param base-backup=DIR and --param wal-archive=DIR (or an estate whose postgres provider is neon or supabase).");
    var archive = Db.Archive(baseBackup, walArchive);
    await Incident.Notify($"Investigating: rows of {table} are missing or wrong. The service stays up while we repair it.", IncidentStatus.Investigating);
    var corruption = await Step("Find the corruption", async ct =>
    {
        if (given is not null) return null;
        var found = await archive.FindCorruption(Db, table, cancellation: ct);
        Log($"The corruption: {found}.");
        return found;
    });
    var target = corruption is null ? given : PointInTimeTarget.Before(corruption); // null only when steps do not run (a plan)
    PointInTimeCopy? copy = null;
    try
    {
        await Step("Build a copy as of just before it", async ct =>
        {
            copy = await archive.RestoreCopy(Db, target!, ct);
            Log($"Copy at {copy.Endpoint}, {target}: last transaction replayed committed {copy.ReachedAt:yyyy-MM-dd HH:mm:ss.fff} UTC, " +
                $"WAL {copy.ReplayedLsn}, built in {copy.Elapsed.TotalSeconds:0.0} s.");
        });
        await VerifyCopy(copy!, $"{target}");
        await Incident.Notify($"Identified: {(corruption is null ? $"a copy of the database as of {target}" : corruption.ToString())}. Putting the lost rows back.",
            IncidentStatus.Identified);
        var repair = await Step("Put the lost rows back", async ct =>
            corruption is null ? await Db.Repair(copy!, table, ct) : await Db.Repair(copy!, corruption, ct), destructive: true);
        await VerifyLive(repair);
    }
    finally
    {
        if (copy is not null) await copy.DisposeAsync();
    }
}

// Neon: the team's recovery branch becomes the production branch as of just before the corruption; live stays up.
async Task RepairFromNeonBranch()
{
    var moment = Moment();
    await Incident.Notify($"Investigating: rows of {table} are missing or wrong. The service stays up while we repair it.", IncidentStatus.Investigating);
    await Step("Restore the recovery branch to just before it", async ct =>
    {
        await Neon.RestoreBranch(postgres.NeonProjectId!, postgres.NeonRecoveryBranchId!, postgres.NeonBranchId!, moment, cancellation: ct);
    }, destructive: true); // it overwrites the recovery branch, never production
    await using var branch = Db.CopyAt(Secret(postgres.NeonRecoverySecret!), postgres.NeonRecoverySecret!);
    await VerifyCopy(branch, $"{moment:yyyy-MM-dd HH:mm:ss.fff} UTC");
    await Incident.Notify($"Identified: a copy of the database as of {moment:yyyy-MM-dd HH:mm:ss.fff} UTC on the recovery branch. Putting the lost rows back.",
        IncidentStatus.Identified);
    var repair = await Step("Put the lost rows back", ct => Db.Repair(branch, table, ct), destructive: true);
    await VerifyLive(repair);
}

// Supabase restores in place, over everything written since: stop writes, save the database as it is, restore, put back
// from the saved state what was written since, then let writes in again. Writes are refused meanwhile, never lost.
async Task RepairWithSupabaseRestore()
{
    var moment = Moment();
    var project = postgres.SupabaseProjectRef!;
    if (moment.Ticks % TimeSpan.TicksPerSecond != 0)
        Log($"Supabase restores to whole seconds: rows of {table} written from {moment:HH:mm:ss} to {moment:HH:mm:ss.fff} UTC, just before the damage, " +
            "are in neither the restore nor the saved state, and will stay lost.");
    await Incident.Notify($"Investigating: rows of {table} are missing or wrong. The database will refuse writes, then be unavailable, while it is restored.",
        IncidentStatus.Investigating);
    await Step("Stop writes", ct => Db.StopWrites(ct), destructive: true);
    var saved = await Step("Save the writes since", async ct =>
    {
        var backup = await Db.Backup(cancellation: ct);
        Log($"Saved {backup.File}: {backup.Snapshot.TotalRows} rows in {backup.Snapshot.Tables.Count} tables.");
        return backup.File;
    });
    var before = Db.SnapshotOfBackup(saved);
    await Incident.Notify($"Identified: rows of {table} lost. Restoring the database to {moment:yyyy-MM-dd HH:mm:ss} UTC; it is unavailable until the restore ends.",
        IncidentStatus.Identified);
    await Step("Restore the project to just before it", async ct =>
    {
        var restore = await Supabase.RestoreToTime(project, moment, cancellation: ct);
        // The restore also brought back the database's settings of that moment: writable. Stop writes again at once.
        await Db.StopWrites(ct);
        Log($"Supabase: {restore}; the database was unavailable for {restore.Downtime.TotalSeconds:0.0} s.");
    }, destructive: true);
    DbCopy? state = null;
    try
    {
        await Step("Put back the writes since", async ct =>
        {
            state = await Db.LoadCopy(saved, ct);
            // Only tables the restore changed: their checksums now differ from the saved ones.
            var after = await Db.Snapshot(ct);
            var changed = before.Tables.Where(t => after.Tables.FirstOrDefault(a => a.Table == t.Table)?.Checksum != t.Checksum).Select(t => t.Table).ToList();
            Log($"The restore changed {changed.Count} of {before.Tables.Count} tables: {string.Join(", ", changed)}.");
            foreach (var t in changed)
            {
                // The damaged table keeps the restored rows (the saved state is the damaged one); every other table takes the saved rows.
                var repair = await Db.Repair(state, t, t == table ? DbRepairRule.MissingRowsOnly : DbRepairRule.CopyWins, ct);
                if (repair.RowsMissing > 0) Fail($"{repair.RowsMissing} saved rows of {t} are still not in the database: another unique key refused them.");
            }
        }, destructive: true);
    }
    finally
    {
        if (state is not null) await state.DisposeAsync();
    }
    await Step("Resume writes", ct => Db.ResumeWrites(ct), destructive: true);
    var health = await Db.Health([table]);
    Log($"{table} now has {health.TableRows.Values.Sum()} rows; queries {health.Query}.");
}

DateTimeOffset Moment()
{
    if (at.Length == 0) Fail("--param at=TIME is needed: Neon and Supabase give no WAL to find the corruption in; give the moment just before it (or earlier).");
    var time = given!.Time;
    if (time is null) Fail($"--param at={at} must be a time for {postgres.Provider}: it restores to a time, not a WAL location.");
    return time!.Value;
}

async Task VerifyCopy(DbCopy copy, string moment) => await Step("Verify the copy", async ct =>
{
    var held = await copy.RowCount(table, ct);
    var live = (await Db.Health([table], ct)).TableRows.Values.Sum();
    if (held == 0) Fail($"The copy has no rows of {table} either: the corruption is older than {moment}; give an earlier --param at=.");
    Log($"The copy ({copy.Endpoint}) holds {held} rows of {table}; the live table {live}.");
});

async Task VerifyLive(DbRepair? repair) => await Step("Verify the live data", async ct =>
{
    if (repair is null)
    {
        Log("Nothing was put back: a dry run."); // the repair step is destructive and did not run
        return;
    }
    if (repair.RowsMissing > 0) Fail($"{repair.RowsMissing} rows of the copy's are still not in {table}: another unique key refused them.");
    var health = await Db.Health([table], ct);
    if (health.ReadOnly) Fail($"{health.Endpoint} is read-only.");
    Log($"{repair}; {table} now has {health.TableRows.Values.Sum()} rows; queries {health.Query}.");
});
