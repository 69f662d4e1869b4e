// Prints how long the database work of drills and runbooks takes on this machine: server start to first query, a fresh
// database from a template, and verified backup and restore at 100k and 1M rows.
//   dotnet run -c Release --project bench/postgres [-- --rows 100000,1000000] [--backend embedded|testcontainers]
// --backend testcontainers measures the same on a container of .config/drills.json's image (bench/postgres/containers.sh
// runs both backends side by side).
// `--hold` starts a server, prints "holding DIR PID" and waits: tests kill it to prove nothing outlives its owner.
using System.Diagnostics;
using System.Globalization;
using Runbooks.Drills.Catalog;
using Runbooks.Drills.Data;
using Runbooks.Drills.Environments.Postgres;
using Runbooks.Providers;
using Runbooks.Providers.Postgres;

if (args.Contains("--hold"))
{
    var held = await EmbeddedPostgres.StartAsync();
    Console.WriteLine($"holding {held.Directory} {held.ServerProcessId}");
    await Task.Delay(Timeout.Infinite);
}

var backend = PostgresSettings.ParseBackend(args.SkipWhile(a => a != "--backend").Skip(1).FirstOrDefault() ?? "embedded", "--backend");
var image = DrillSettings.Load(Path.GetDirectoryName(FindUp(".config"))!).Postgres.Image;
var label = backend == PostgresBackend.Testcontainers ? $"container ({image})" : "embedded server";
var sizes = args.SkipWhile(a => a != "--rows").Skip(1).FirstOrDefault()?.Split(',').Select(long.Parse).ToArray() ?? [100_000, 1_000_000];
var migrations = FindUp(Path.Combine("drills", "db", "migrations"));
var backups = Directory.CreateTempSubdirectory("runbooks-bench-").FullName;
var culture = CultureInfo.InvariantCulture;
void Row(string what, double ms) => Console.WriteLine(string.Format(culture, "| {0,-60} | {1,9:N0} ms |", what, ms));

Console.WriteLine(backend == PostgresBackend.Testcontainers
    ? $"PostgreSQL: a container of {image}; {Environment.ProcessorCount} cores"
    : $"PostgreSQL binaries: {PostgresBinaries.Locate().Directory}; {Environment.ProcessorCount} cores");
Console.WriteLine("| measurement" + new string(' ', 49) + " |      time |");
Console.WriteLine("|" + new string('-', 62) + "|-----------:|");
for (var i = 1; i <= 3; i++)
{
    await using var s = await StartAsync();
    Row($"{label}: start to first query (run {i})", StartupTime(s).TotalMilliseconds);
}

await using var server = await StartAsync();
foreach (var rows in sizes)
{
    var template = $"bench_{rows}";
    var cs = await server.CreateDatabaseAsync(template);
    await using (var db = Client(cs)) await db.Migrations.Apply();
    var fill = await SeedDataGenerator.FillAsync(cs, SeedDataOptions.ForTotalRows(rows));
    Row($"generate {fill.Total:N0} rows (Bogus, binary COPY)", fill.ElapsedMs);
    await FreezeAsync(template);

    var clone = Stopwatch.StartNew();
    var copy = await server.CreateDatabaseAsync($"bench_{rows}_copy", template);
    Row($"fresh database from template ({fill.Total:N0} rows)", clone.Elapsed.TotalMilliseconds);

    await using var target = Client(copy);
    var backup = await target.Backup(backups);
    Row($"backup {fill.Total:N0} rows (pg_dump -Fc + checksums, {backup.Bytes / 1_048_576.0:0.0} MiB)", backup.ElapsedMs);
    await target.Execute("DELETE FROM events WHERE id % 2 = 0; UPDATE users SET name = 'x' WHERE id % 5 = 0");
    var restore = await target.Restore(backup.File);
    Row($"restore {fill.Total:N0} rows (pg_restore + verify: {(restore.Verified ? "identical" : "NOT verified")})", restore.ElapsedMs);
}

var empty = Stopwatch.StartNew();
await server.CreateDatabaseAsync("bench_empty");
Row("fresh empty database (template1)", empty.Elapsed.TotalMilliseconds);
Directory.Delete(backups, recursive: true);
return 0;

async Task<IPostgresEnvironment> StartAsync() => backend == PostgresBackend.Testcontainers
    ? await ContainerPostgres.StartAsync(new ContainerPostgresOptions { Image = image })
    : await EmbeddedPostgres.StartAsync();

static TimeSpan StartupTime(IPostgresEnvironment s) => s switch
{
    ContainerPostgres c => c.StartupTime,
    EmbeddedPostgres e => e.StartupTime,
    _ => throw new InvalidOperationException(s.GetType().Name),
};

Task FreezeAsync(string database) => server switch
{
    ContainerPostgres c => c.FreezeAsTemplateAsync(database),
    EmbeddedPostgres e => e.FreezeAsTemplateAsync(database),
    _ => throw new InvalidOperationException(server.GetType().Name),
};

DbClient Client(string cs) => new(ProviderContext.ForTools(), new DbClientOptions
    { ConnectionString = cs, MigrationsDirectory = migrations, BackupDirectory = backups });

static string FindUp(string relative)
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        if (Directory.Exists(Path.Combine(d.FullName, relative))) return Path.Combine(d.FullName, relative);
    throw new DirectoryNotFoundException(relative);
}
