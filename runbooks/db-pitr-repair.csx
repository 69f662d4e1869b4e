// Repair a corrupted table from a point-in-time copy of the database, losing no user data: find the transaction that did it, copy the database as of just before it, put back what it removed or changed, keep every write since (seed 000 RPO: user data 0 minutes; seeds 001, 004).
// Severity: P0
// Recovery: 15m
using Runbooks.Providers.Postgres;

// --param table=NAME is the table the incident says is damaged. A self-managed server's point-in-time material is
// --param base-backup=DIR (pg_basebackup, plain) and --param wal-archive=DIR (what archive_command fills).
// --param at=TIME|LSN copies the database as of that moment instead of finding the corrupting transaction in the WAL:
// then rows that differ are kept as they are (they cannot be told apart from later writes), and only missing rows come back.
var table = Param("table");
var archive = Db.Archive(Param("base-backup"), Param("wal-archive"));
var at = Param("at", "");
var given = at.Length > 0 ? PointInTimeTarget.Parse(at, "at") : null; // a bad --param at= stops the run before anything is touched
Incident.Severity = "P0"; // seed 004: data corruption or loss is P0

await Incident.Notify($"Investigating: rows of {table} are missing or wrong. The service stays up while we repair it.", IncidentStatus.Investigating);

var corruption = await Step("Find the corruption", async ct =>
{
    if (given is not null) return null;
    var found = await archive.FindCorruption(Db, table, cancellation: ct);
    Log($"The corruption: {found}.");
    return found;
});
var target = corruption is null ? given : PointInTimeTarget.Before(corruption); // null only when steps do not run (a plan)

// The copy is a second server on this machine; the live database is not touched until the repair, and stays up throughout.
PointInTimeCopy? copy = null;
try
{
    await Step("Build a copy as of just before it", async ct =>
    {
        copy = await archive.RestoreCopy(Db, target!, ct);
        Log($"Copy at {copy.Endpoint}, {target}: last transaction replayed committed {copy.ReachedAt:yyyy-MM-dd HH:mm:ss.fff} UTC, " +
            $"WAL {copy.ReplayedLsn}, built in {copy.Elapsed.TotalSeconds:0.0} s.");
    });

    await Step("Verify the copy", async ct =>
    {
        var held = await copy!.RowCount(table, ct);
        var live = (await Db.Health([table], ct)).TableRows.Values.Sum();
        if (held == 0) Fail($"The copy has no rows of {table} either: the corruption is older than {target}; give an earlier --param at=.");
        Log($"The copy holds {held} rows of {table}; the live table {live}.");
    });

    await Incident.Notify($"Identified: {(corruption is null ? $"a copy of the database as of {target}" : corruption.ToString())}. Putting the lost rows back.",
        IncidentStatus.Identified);

    var repair = await Step("Put the lost rows back", async ct =>
        corruption is null ? await Db.Repair(copy!, table, ct) : await Db.Repair(copy!, corruption, ct), destructive: true);

    await Step("Verify the live data", async ct =>
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
}
finally
{
    if (copy is not null) await copy.DisposeAsync();
}

await Incident.Notify($"Resolved: {table} repaired from a point-in-time copy; every write since the corruption was kept.", IncidentStatus.Resolved);
