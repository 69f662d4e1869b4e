// Prints how long a point-in-time repair takes on this machine, at ~100k and ~1M rows: a durable server that archives
// its WAL, a base backup, a corruption (every other event deleted in one transaction) with
// writes before and after it, then the three steps of runbook db-pitr-repair: find the corrupting transaction in the
// WAL archive, build the copy as of just before it, put back what it took. Each size checks its result.
//   dotnet run -c Release --project bench/pitr [-- --rows 100000,1000000]
using System.Diagnostics;
using System.Globalization;
using Runbooks.Drills.Data;
using Runbooks.Drills.Environments.Postgres;
using Runbooks.Providers;
using Runbooks.Providers.Postgres;

var sizes = args.SkipWhile(a => a != "--rows").Skip(1).FirstOrDefault()?.Split(',').Select(long.Parse).ToArray() ?? [100_000, 1_000_000];
var migrations = FindUp(Path.Combine("drills", "db", "migrations"));
var work = Directory.CreateTempSubdirectory("runbooks-pitr-bench-").FullName;
var culture = CultureInfo.InvariantCulture;
void Row(string what, double ms) => Console.WriteLine(string.Format(culture, "| {0,-84} | {1,9:N0} ms |", what, ms));

Console.WriteLine($"PostgreSQL binaries: {PostgresBinaries.Locate().Directory}; {Environment.ProcessorCount} cores; durable, WAL archived");
Console.WriteLine("| measurement" + new string(' ', 73) + " |      time |");
Console.WriteLine("|" + new string('-', 86) + "|-----------:|");
var failed = false;
foreach (var rows in sizes)
{
    await using var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { Durable = true, ArchiveWal = true });
    var cs = await server.CreateDatabaseAsync($"bench_{rows}");
    await using var db = new DbClient(ProviderContext.ForTools(), new DbClientOptions { ConnectionString = cs, MigrationsDirectory = migrations });
    await db.Migrations.Apply();
    var fill = await SeedDataGenerator.FillAsync(cs, SeedDataOptions.ForTotalRows(rows));
    var events = await db.Scalar<long>("SELECT count(*) FROM events");
    var label = $"{fill.Total:N0} rows, {events:N0} events";

    var sw = Stopwatch.StartNew();
    var archive = db.Archive(await db.BaseBackup(Path.Combine(work, $"base-{rows}")), server.WalArchive!);
    Row($"base backup ({label})", sw.Elapsed.TotalMilliseconds);

    await db.Execute("DELETE FROM events WHERE id % 2 = 0"); // the corruption: one transaction
    await db.Execute("INSERT INTO events (user_id, type, payload, occurred_at) SELECT user_id, 'after', payload, now() FROM events LIMIT 1000");
    var before = await db.Scalar<long>("SELECT count(*) FROM events");

    sw.Restart();
    var corruption = await archive.FindCorruption(db, "events");
    Row($"find the corrupting transaction in the WAL ({corruption.RowsDeleted:N0} deleted)", sw.Elapsed.TotalMilliseconds);
    sw.Restart();
    await using var copy = await archive.RestoreCopy(db, PointInTimeTarget.Before(corruption));
    Row($"copy as of just before it (base backup + WAL replay, {label})", sw.Elapsed.TotalMilliseconds);
    sw.Restart();
    var repair = await db.Repair(copy, corruption);
    Row($"repair: {repair.RowsRestored:N0} events put back, 1,000 written since kept", sw.Elapsed.TotalMilliseconds);

    var after = await db.Scalar<long>("SELECT count(*) FROM events");
    if (after != before + corruption.RowsDeleted || repair.RowsMissing != 0)
    {
        Console.WriteLine($"WRONG: {after} events after the repair, expected {before + corruption.RowsDeleted}; {repair}");
        failed = true;
    }
}
Directory.Delete(work, recursive: true);
return failed ? 1 : 0;

static string FindUp(string relative)
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        if (Directory.Exists(Path.Combine(d.FullName, relative))) return Path.Combine(d.FullName, relative);
    throw new DirectoryNotFoundException(relative);
}
