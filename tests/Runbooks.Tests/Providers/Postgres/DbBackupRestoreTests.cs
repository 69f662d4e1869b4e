using Runbooks.Core.Errors;
using Runbooks.Providers.Postgres;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Providers.Postgres;

/// <summary>Seed 004's Type 3 and seed 001's data recovery: a restore is proven by counts and checksums, not assumed.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DbBackupRestoreTests(PostgresServer pg) : IDisposable
{
    private readonly string _backups = Directory.CreateTempSubdirectory("runbooks-backups-").FullName;

    public void Dispose() => Directory.Delete(_backups, recursive: true);

    [Fact]
    public async Task Restore_AfterRowsWereDeletedAndChanged_GivesBackIdenticalCountsAndChecksums()
    {
        var cs = await pg.NewDatabaseAsync();
        await using var db = PostgresServer.Client(cs, backups: _backups);
        var original = await db.Snapshot();
        var backup = await db.Backup();
        Assert.True(File.Exists(backup.File));
        Assert.True(File.Exists(DbBackup.SnapshotFileOf(backup.File)));
        Assert.Empty(original.Differences(backup.Snapshot));

        // The incident: rows deleted in one table, rows changed in another.
        await db.Execute("DELETE FROM events WHERE id % 3 = 0");
        await db.Execute("UPDATE recovery_cases SET status = 'lost' WHERE status = 'open'");
        var corrupted = await db.Snapshot();
        Assert.Contains(original.Differences(corrupted), d => d.StartsWith("events has "));
        Assert.Contains("recovery_cases has 50 rows as expected but different content", original.Differences(corrupted));

        var restore = await db.Restore(backup.File);

        Assert.True(restore.Verified);
        Assert.Empty(original.Differences(restore.Snapshot));
        Assert.Empty(original.Differences(await db.Snapshot()));
        Assert.Equal(10, (await db.Migrations.Status()).Current); // schema_migrations came back too
    }

    [Fact]
    public async Task Restore_OfAPlainSqlDump_DetectsTheFormatAndProvesItWithTheSnapshotBesideIt()
    {
        var cs = await pg.NewDatabaseAsync();
        await using var db = PostgresServer.Client(cs, backups: _backups);
        var backup = await db.Backup(null, DbBackupFormat.Plain);
        Assert.EndsWith(".sql", backup.File);
        Assert.Equal(DbBackupFormat.Plain, db.BackupFormatOf(backup.File));
        Assert.Equal(DbBackupFormat.Custom, db.BackupFormatOf((await db.Backup()).File));
        await db.Execute("DELETE FROM events WHERE id % 3 = 0");

        var restore = await db.Restore(backup.File);

        Assert.True(restore.Verified);
        Assert.Equal(DbBackupFormat.Plain, restore.Format);
        Assert.StartsWith("the snapshot saved beside it", restore.Proof);
        Assert.Empty(backup.Snapshot.Differences(await db.Snapshot()));
    }

    [Fact]
    public async Task Restore_OfATruncatedPlainSqlDump_FailsNamingItsLastLineAndChangesNothing()
    {
        var cs = await pg.NewDatabaseAsync();
        await using var db = PostgresServer.Client(cs, backups: _backups);
        var backup = await db.Backup(null, DbBackupFormat.Plain);
        // Cut at a statement's end: psql would run what is there without an error and restore half a database.
        var lines = File.ReadAllLines(backup.File);
        var cut = Array.FindIndex(lines, l => l.StartsWith("COPY public.pitches", StringComparison.Ordinal));
        File.WriteAllLines(backup.File, lines[..cut]);
        await db.Execute("DELETE FROM pitches");
        var before = await db.Snapshot();

        var e = await Assert.ThrowsAsync<RunbookException>(() => db.Restore(backup.File));

        Assert.Equal($"Backup {backup.File} ends at line {cut} without pg_dump's closing \"-- PostgreSQL database dump complete\", " +
            "so it is truncated; nothing was restored.", e.Message);
        Assert.Equal(ExitCodes.Failed, e.ExitCode);
        Assert.Empty(before.Differences(await db.Snapshot()));
    }

    [Fact]
    public async Task Restore_OfAPlainSqlDump_ThatFailsInTheLiveDatabase_RollsBackItsSingleTransaction()
    {
        var cs = await pg.NewDatabaseAsync();
        await using var db = PostgresServer.Client(cs, backups: _backups);
        var backup = await db.Backup(null, DbBackupFormat.Plain);
        // Made after the backup: the drops --clean makes do not cascade, so dropping pitches fails, after the drops and
        // constraint removals before it have run. pg_restore --clean stops at the same place.
        await db.Execute("DELETE FROM pitches; CREATE VIEW pitch_titles AS SELECT title FROM pitches");
        var before = await db.Snapshot();
        const string constraints = "SELECT count(*) FROM pg_constraint WHERE connamespace = 'public'::regnamespace";
        var constraintsBefore = await db.Scalar<long>(constraints);

        var e = await Assert.ThrowsAsync<RunbookException>(() => db.Restore(backup.File));

        Assert.Matches(@"^Dropping what .+\.sql recreates in 127\.0\.0\.1:\d+/test_\w+ failed: cannot drop table (public\.)?pitches because " +
            @"other objects depend on it; the restore's single transaction was rolled back, so the database is as it was\.$", e.Message);
        Assert.Equal(ExitCodes.Failed, e.ExitCode);
        Assert.Empty(before.Differences(await db.Snapshot()));
        Assert.Equal(constraintsBefore, await db.Scalar<long>(constraints)); // the drops before the failure were undone too
    }

    [Fact]
    public async Task Verify_WhenContentDiffers_FailsNamingEachTable()
    {
        var cs = await pg.NewDatabaseAsync();
        await using var db = PostgresServer.Client(cs);
        var before = await db.Snapshot();
        await db.Execute("DELETE FROM sessions WHERE user_id <= 10");

        var e = await Assert.ThrowsAsync<RunbookException>(() => db.Verify(before));

        Assert.Matches(@"^Database 127\.0\.0\.1:\d+/test_\w+ does not match the expected snapshot: sessions has 90 rows, expected 100\.$", e.Message);
        Assert.Equal(ExitCodes.Failed, e.ExitCode);
    }

    [Fact]
    public async Task StopWrites_MakesOtherSessionsReadOnly_UntilResumeWrites()
    {
        var cs = await pg.NewDatabaseAsync();
        await using var db = PostgresServer.Client(cs);

        await db.StopWrites();
        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            PostgresServer.Scalar<int>(cs, "INSERT INTO audit_log (action, entity, at) VALUES ('x', 'y', now()); SELECT 1"));
        Assert.Equal("25006", refused.SqlState); // read_only_sql_transaction
        Assert.True((await db.Health(["users"])).ReadOnly);

        await db.ResumeWrites();
        Npgsql.NpgsqlConnection.ClearAllPools(); // the pooled session ResumeWrites ended must not be handed out again
        Assert.Equal(1, await PostgresServer.Scalar<int>(cs, "INSERT INTO audit_log (action, entity, at) VALUES ('x', 'y', now()); SELECT 1"));
    }

    [Fact]
    public async Task Restore_OfAFileThatDoesNotExist_IsBadInputNamingIt()
    {
        var cs = await pg.NewDatabaseAsync();
        await using var db = PostgresServer.Client(cs);

        var e = await Assert.ThrowsAsync<BadInputException>(() => db.Restore(Path.Combine(_backups, "nope.dump")));

        Assert.Equal($"Backup file {Path.Combine(_backups, "nope.dump")} does not exist.", e.Message);
    }
}
