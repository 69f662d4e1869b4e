using Npgsql;
using Runbooks.Providers.Postgres;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Cli;

/// <summary>The two database runbooks, run end to end through the real CLI against a real database, as on call would.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DbRunbooksTests : IDisposable
{
    /// <summary>What a restore without migrations does, whatever the backup's format.</summary>
    private static readonly (string, string)[] RestoreSteps =
        [("Identify backup to restore", "ok"), ("Check database health", "ok"), ("Stop database writes", "ok"),
         ("Back up the current state", "ok"), ("Restore from backup", "ok"), ("Verify data integrity", "ok"),
         ("Resume writes", "ok"), ("Confirm writes are accepted", "ok")];

    private readonly PostgresServer _pg;
    private readonly Workspace _ws = new();

    public DbRunbooksTests(PostgresServer pg)
    {
        _pg = pg;
        foreach (var name in new[] { "db-migration-rollback.csx", "db-restore.csx" })
            File.Copy(Path.Combine(PostgresServer.RepositoryRoot, "runbooks", name), _ws.PathOf(Path.Combine("runbooks", name)));
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task MigrationRollback_ToATarget_BacksUpThenRollsBackAndVerifies()
    {
        var cs = await _pg.NewDatabaseAsync();

        var r = Exec(cs, "db-migration-rollback", "--param", "target=8", "--param", "migrations=" + PostgresServer.MigrationsDirectory, "--yes");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(
            [("Check migration status", "ok"), ("Identify rollback target", "ok"), ("Create emergency backup", "ok"),
             ("Roll back migrations to 8", "ok"), ("Verify migration state", "ok"), ("Verify database health", "ok")],
            _ws.LatestJournal().StepOutcomes());
        Assert.Contains("Ran 0010_split_user_names.down.sql, 0009_add_event_processing.down.sql.", r.Stdout);
        Assert.Equal(0, await PostgresServer.Scalar<long>(cs,
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'events' AND column_name = 'processed_at'"));
        var backup = Assert.Single(Directory.GetFiles(_ws.PathOf(".runbooks/backups"), "*.dump"));
        Assert.Equal(10, Assert.Single(PostgresServer.Client(cs).SnapshotOfBackup(backup).Tables, t => t.Table == "schema_migrations").Rows);
    }

    [Fact]
    public async Task MigrationRollback_ToLastStable_UsesTheVersionMarkedStable()
    {
        var cs = await _pg.NewDatabaseAsync();
        await using (var db = PostgresServer.Client(cs))
            await db.Migrations.MarkStable(9);

        var r = Exec(cs, "db-migration-rollback", "--param", "migrations=" + PostgresServer.MigrationsDirectory, "--yes");

        Assert.True(r.ExitCode == 0, r.ToString());
        await using var after = PostgresServer.Client(cs);
        Assert.Equal(9, (await after.Migrations.Status()).Current);
    }

    [Fact]
    public async Task Restore_AfterCorruption_GivesBackTheBackupsContentAndResumesWrites()
    {
        var cs = await _pg.NewDatabaseAsync();
        string backup;
        DbSnapshot original;
        await using (var db = PostgresServer.Client(cs, backups: _ws.PathOf(".runbooks/backups")))
        {
            original = await db.Snapshot();
            backup = (await db.Backup()).File;
            await db.Execute("DELETE FROM recovery_cases WHERE status = 'open'; UPDATE users SET email = 'corrupt' || id");
        }

        var r = Exec(cs, "db-restore", "--param", "backup=latest", "--yes");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(RestoreSteps, _ws.LatestJournal().StepOutcomes());
        Assert.Contains("counts and checksums identical to the backup", r.Stdout);
        // Seed 001's query latency, measured and held to its 500 ms average.
        Assert.Contains("Writes accepted again (SELECT 1 over 10 probes: mean ", r.Stdout);
        NpgsqlConnection.ClearAllPools();
        await using var check = PostgresServer.Client(cs);
        Assert.Empty(original.Differences(await check.Snapshot()));
        Assert.False((await check.Health(["users"])).ReadOnly);
        Assert.Single(Directory.GetFiles(_ws.PathOf(".runbooks/backups/pre-restore"), "*.dump")); // the corrupt state, kept
        Assert.Equal(1, await check.Execute("INSERT INTO audit_log (action, entity, at) VALUES ('restore', 'db', now())"));
        Assert.Contains(backup, r.Stdout);
    }

    [Fact]
    public async Task Restore_OfABackupThatDoesNotExist_StopsBeforeTouchingTheDatabase()
    {
        var cs = await _pg.NewDatabaseAsync();

        var r = Exec(cs, "db-restore", "--param", "backup=nope.dump", "--yes");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"Backup {_ws.PathOf("nope.dump")} does not exist.", r.Stderr);
        Assert.Equal([("Identify backup to restore", "failed")], _ws.LatestJournal().StepOutcomes());
        await using var check = PostgresServer.Client(cs);
        Assert.False((await check.Health(["users"])).ReadOnly);
    }

    [Fact]
    public async Task Restore_OfAPlainSqlDump_BringsBackDeletedRowsAndProvesItByAScratchLoad()
    {
        var cs = await _pg.NewDatabaseAsync();
        var (backup, original) = await PlainBackupAsync(cs);
        await PostgresServer.Scalar<int>(cs, "DELETE FROM pitches; SELECT 1");

        var r = Exec(cs, "db-restore", "--param", "backup=" + backup, "--yes");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(RestoreSteps, _ws.LatestJournal().StepOutcomes());
        Assert.Contains("a plain SQL dump with no snapshot beside it", r.Stdout);
        Assert.Contains("counts and checksums identical to the backup; proof: the file loaded into a scratch database first", r.Stdout);
        NpgsqlConnection.ClearAllPools();
        await using var check = PostgresServer.Client(cs);
        Assert.Equal(original.Tables.Single(t => t.Table == "pitches").Rows, await check.Scalar<long>("SELECT count(*) FROM pitches"));
        Assert.Empty(original.Differences(await check.Snapshot()));
        Assert.False((await check.Health(["users"])).ReadOnly);
        Assert.Equal(0, await check.Scalar<long>("SELECT count(*) FROM pg_database WHERE datname LIKE 'runbooks_scratch_%'"));
    }

    [Fact]
    public async Task Restore_WithMigrateTo_RestoresThePlainDumpThenMigratesUpToTheTargetOnly()
    {
        var cs = await _pg.NewDatabaseAsync();
        string backup;
        await using (var db = PostgresServer.Client(cs))
        {
            // The backup was taken at version 8; 9 and 10 were deployed after it, then pitches were lost.
            await db.Migrations.RollbackTo(8);
            (backup, _) = await PlainBackupAsync(cs);
            await db.Migrations.Apply();
            await db.Execute("DELETE FROM pitches");
        }

        var r = Exec(cs, "db-restore", "--param", "backup=" + backup, "--param", "migrate-to=9",
            "--param", "migrations=" + PostgresServer.MigrationsDirectory, "--yes");

        Assert.True(r.ExitCode == 0, r.ToString());
        var steps = _ws.LatestJournal().StepOutcomes();
        Assert.Equal([("Verify data integrity", "ok"), ("Re-run migrations up to 9", "ok"), ("Verify migration state", "ok"), ("Resume writes", "ok")],
            steps.Skip(5).Take(4));
        Assert.Contains("Ran 0009_add_event_processing.up.sql.", r.Stdout);
        Assert.Contains("At version 9, the target; pending: 10.", r.Stdout);
        NpgsqlConnection.ClearAllPools();
        await using var check = PostgresServer.Client(cs);
        Assert.Equal(9, (await check.Migrations.Status()).Current);
        Assert.Equal(1, await check.Scalar<long>(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'events' AND column_name = 'processed_at'"));
        Assert.Equal(0, await check.Scalar<long>(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'given_name'"));
        Assert.True(await check.Scalar<long>("SELECT count(*) FROM pitches") > 0);
        Assert.False((await check.Health(["users"])).ReadOnly);
    }

    [Fact]
    public async Task Restore_WithAMigrateToThatIsNoMigration_StopsBeforeTouchingTheDatabase()
    {
        var cs = await _pg.NewDatabaseAsync();
        var (backup, _) = await PlainBackupAsync(cs);

        var r = Exec(cs, "db-restore", "--param", "backup=" + backup, "--param", "migrate-to=42",
            "--param", "migrations=" + PostgresServer.MigrationsDirectory, "--yes");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"--param migrate-to must be latest or a migration in {PostgresServer.MigrationsDirectory} (1 to 10), not '42'.", r.Stderr);
        Assert.Equal([("Identify backup to restore", "failed")], _ws.LatestJournal().StepOutcomes());
    }

    [Fact]
    public async Task Restore_OfAGarbledPlainSqlDump_FailsNamingFileAndLineAndLeavesTheDatabaseAsItWas()
    {
        var cs = await _pg.NewDatabaseAsync();
        var (backup, _) = await PlainBackupAsync(cs);
        var lines = File.ReadAllLines(backup);
        var garbled = Array.FindIndex(lines, l => l.StartsWith("CREATE TABLE public.pitches", StringComparison.Ordinal));
        lines[garbled] = lines[garbled].Replace("CREATE TABLE", "CRATE TABLE");
        var end = Array.FindIndex(lines, garbled, l => l == ");") + 1; // psql names the line it sent the statement at
        File.WriteAllLines(backup, lines);
        await PostgresServer.Scalar<int>(cs, "DELETE FROM pitches; SELECT 1");
        DbSnapshot before;
        await using (var db = PostgresServer.Client(cs))
            before = await db.Snapshot();

        var r = Exec(cs, "db-restore", "--param", "backup=" + backup, "--yes");

        Assert.Equal(1, r.ExitCode);
        var error = $"Backup {backup} does not load, at the statement ending at line {end}: syntax error at or near \"CRATE\"; nothing was restored";
        Assert.True(r.Stderr.Contains(error, StringComparison.Ordinal), r.ToString());
        Assert.Single(r.Stderr.Split('\n'), l => l.Contains("CRATE", StringComparison.Ordinal));
        Assert.Equal(("Restore from backup", "failed"), _ws.LatestJournal().StepOutcomes()[^1]);
        NpgsqlConnection.ClearAllPools();
        await using var check = PostgresServer.Client(cs);
        Assert.Empty(before.Differences(await check.Snapshot()));
        Assert.Equal(0, await check.Scalar<long>("SELECT count(*) FROM pitches"));
    }

    [Fact]
    public void MigrationRollback_WhenTheDatabaseIsUnreachable_ExitsThreeNamingItButNeverThePassword()
    {
        const string password = "hunter2-Correct-Horse";
        var r = RunbooksCli.Run(_ws.Root, ["exec", "db-migration-rollback", "--param", "target=8", "--param", "migrations=" + PostgresServer.MigrationsDirectory, "--yes"],
            new Dictionary<string, string?> { ["DATABASE_URL"] = $"postgres://ops:{password}@127.0.0.1:1/prod" }, TimeSpan.FromSeconds(60));

        Assert.True(r.ExitCode == 3, r.ToString());
        Assert.Contains("Database 127.0.0.1:1/prod cannot be reached: connection refused.", r.Stderr);
        Assert.DoesNotContain(password, r.Output);
        Assert.DoesNotContain(password, File.ReadAllText(_ws.LatestJournal().Path));
    }

    /// <summary>A backup as seed 004 makes it, <c>pg_dump &gt; file.sql</c>: plain SQL with nothing beside it.</summary>
    private async Task<(string File, DbSnapshot Content)> PlainBackupAsync(string connectionString)
    {
        await using var db = PostgresServer.Client(connectionString, backups: _ws.PathOf(".runbooks/backups"));
        var backup = await db.Backup(null, DbBackupFormat.Plain);
        File.Delete(DbBackup.SnapshotFileOf(backup.File));
        Assert.StartsWith("--", File.ReadAllText(backup.File));
        return (backup.File, backup.Snapshot);
    }

    private CliResult Exec(string connectionString, params string[] args)
        => RunbooksCli.Run(_ws.Root, ["exec", .. args], new Dictionary<string, string?> { ["DATABASE_URL"] = connectionString },
            TimeSpan.FromSeconds(90));
}
