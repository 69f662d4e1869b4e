using Runbooks.Core.Errors;
using Runbooks.Providers.Postgres;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Providers.Postgres;

public sealed class PointInTimeRepairTests(ArchivingPostgres pg) : IClassFixture<ArchivingPostgres>, IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("runbooks-pitr-test-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task The_corrupting_transaction_is_found_and_repaired_keeping_every_write_since()
    {
        await using var db = PostgresServer.Client(await pg.Server.CreateDatabaseAsync("pitr_repair"));
        await db.Execute("CREATE TABLE pitches (id int PRIMARY KEY, title text NOT NULL, meta jsonb)");
        await db.Execute("INSERT INTO pitches SELECT g, 'pitch ' || g, jsonb_build_object('n', g) FROM generate_series(1, 2000) g");
        var archive = db.Archive(await db.BaseBackup(Path.Combine(_work, "base")), pg.Server.WalArchive!);
        await db.Execute("INSERT INTO pitches SELECT g, 'pitch ' || g, NULL FROM generate_series(2001, 2100) g"); // acknowledged before

        // The corruption: one transaction deletes every 7th pitch and overwrites every 11th title.
        await db.Execute("BEGIN; DELETE FROM pitches WHERE id % 7 = 0; UPDATE pitches SET title = 'corrupt' WHERE id % 11 = 0; COMMIT");
        // Users go on writing: new rows, an edit of a corrupted row, and a delete of a row the corruption never touched.
        await db.Execute("INSERT INTO pitches SELECT g, 'new ' || g, NULL FROM generate_series(5001, 5050) g");
        await db.Execute("UPDATE pitches SET title = 'edited by a user' WHERE id = 22");
        await db.Execute("DELETE FROM pitches WHERE id = 1");

        var corruption = await archive.FindCorruption(db, "pitches");
        Assert.Equal(300, corruption.RowsDeleted);          // 2100 / 7
        Assert.Equal(190 - 27, corruption.RowsChanged);      // multiples of 11 that are not multiples of 77
        await using var copy = await archive.RestoreCopy(db, PointInTimeTarget.Before(corruption));
        Assert.Equal(2100, await copy.RowCount("pitches"));

        var repair = await db.Repair(copy, corruption);

        Assert.Equal(300, repair.RowsRestored);
        Assert.Equal(162, repair.RowsReverted);              // the 163 changed but pitch 22
        Assert.Equal(1, repair.RowsKept);                    // pitch 22, edited since: the user's write wins
        Assert.Equal(0, repair.RowsMissing);
        Assert.Equal(2100 - 1 + 50, await db.Scalar<long>("SELECT count(*) FROM pitches"));
        Assert.Equal(0, await db.Scalar<long>("SELECT count(*) FROM pitches WHERE title = 'corrupt'"));
        Assert.Equal("edited by a user", await db.Scalar<string>("SELECT title FROM pitches WHERE id = 22"));
        Assert.Equal("pitch 77", await db.Scalar<string>("SELECT title FROM pitches WHERE id = 77"));
        Assert.Equal(0, await db.Scalar<long>("SELECT count(*) FROM pitches WHERE id = 1")); // the user's delete stands
        Assert.Equal(50, await db.Scalar<long>("SELECT count(*) FROM pitches WHERE id > 5000"));
    }

    [Fact]
    public async Task A_corruption_read_back_without_its_row_locations_still_puts_the_deleted_rows_back()
    {
        await using var db = PostgresServer.Client(await pg.Server.CreateDatabaseAsync("pitr_resumed"));
        await db.Execute("CREATE TABLE pitches (id int PRIMARY KEY, title text NOT NULL)");
        await db.Execute("INSERT INTO pitches SELECT g, 'pitch ' || g FROM generate_series(1, 500) g");
        var archive = db.Archive(await db.BaseBackup(Path.Combine(_work, "base")), pg.Server.WalArchive!);
        await db.Execute("DELETE FROM pitches WHERE id % 5 = 0");
        var found = await archive.FindCorruption(db, "pitches");
        // What exec --resume has: the journaled record, whose locations are not journaled.
        var resumed = System.Text.Json.JsonSerializer.Deserialize<CorruptingTransaction>(System.Text.Json.JsonSerializer.Serialize(found))!;
        await using var copy = await archive.RestoreCopy(db, PointInTimeTarget.Before(resumed));

        var repair = await db.Repair(copy, resumed);

        Assert.Empty(resumed.RemovedRowLocations);
        Assert.Equal(100, repair.RowsRestored);
        Assert.Equal(500, await db.Scalar<long>("SELECT count(*) FROM pitches"));
    }

    [Fact]
    public async Task A_copy_at_a_time_puts_back_missing_rows_and_keeps_rows_that_differ()
    {
        await using var db = PostgresServer.Client(await pg.Server.CreateDatabaseAsync("pitr_time"));
        await db.Execute("CREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text)");
        await db.Execute("INSERT INTO notes (body) SELECT 'note ' || g FROM generate_series(1, 500) g");
        var archive = db.Archive(await db.BaseBackup(Path.Combine(_work, "base")), pg.Server.WalArchive!);
        var before = await db.Scalar<DateTime>("SELECT clock_timestamp()");
        await Task.Delay(20);
        await db.Execute("DELETE FROM notes WHERE id <= 100");
        await db.Execute("UPDATE notes SET body = 'changed' WHERE id = 200");
        await db.Execute("INSERT INTO notes (body) VALUES ('after')");
        await db.Scalar<string>("SELECT pg_walfile_name(pg_switch_wal())");
        await WaitForArchiveAsync(db);

        await using var copy = await archive.RestoreCopy(db, PointInTimeTarget.At(new DateTimeOffset(DateTime.SpecifyKind(before, DateTimeKind.Utc))));
        var repair = await db.Repair(copy, "notes");

        Assert.Equal(100, repair.RowsRestored);
        Assert.Equal(1, repair.RowsKept);
        Assert.Equal(501, await db.Scalar<long>("SELECT count(*) FROM notes"));
        Assert.Equal("changed", await db.Scalar<string>("SELECT body FROM notes WHERE id = 200"));
    }

    [Fact]
    public async Task A_target_past_the_end_of_the_archive_is_one_sentence_and_leaves_no_server()
    {
        await using var db = PostgresServer.Client(await pg.Server.CreateDatabaseAsync("pitr_future"));
        // Copies go to a folder of this test's own: other tests start and stop servers in the system temp folder meanwhile.
        var copies = Directory.CreateDirectory(Path.Combine(_work, "copies")).FullName;
        if (!OperatingSystem.IsWindows())
            foreach (var dir in new[] { _work, copies }) File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101); // the server's account enters it
        var archive = new WalArchive(await db.BaseBackup(Path.Combine(_work, "base")), pg.Server.WalArchive!) { CopiesDirectory = copies };

        var e = await Assert.ThrowsAsync<RunbookException>(() => archive.RestoreCopy(db, PointInTimeTarget.At(DateTimeOffset.UtcNow.AddHours(1))));

        Assert.StartsWith($"WAL archive {archive.WalDirectory} ends before ", e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(copies));
    }

    [Fact]
    public async Task The_copy_server_gets_none_of_the_operators_environment()
    {
        // An operator's shell holds provider tokens; the copy runs as another account on this machine, and every backend
        // it forks would carry them in /proc/PID/environ.
        var canary = "RUNBOOKS_TEST_CANARY_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(canary, "canary-token-value");
        try
        {
            await using var db = PostgresServer.Client(await pg.Server.CreateDatabaseAsync("pitr_environment"));
            await db.Execute("CREATE TABLE notes (id int)");
            var archive = db.Archive(await db.BaseBackup(Path.Combine(_work, "base")), pg.Server.WalArchive!);
            var moment = await db.Scalar<DateTime>("SELECT clock_timestamp()");
            await db.Execute("INSERT INTO notes VALUES (1)"); // a commit after the moment: recovery reaches it

            await using var copy = await archive.RestoreCopy(db, PointInTimeTarget.At(new DateTimeOffset(DateTime.SpecifyKind(moment, DateTimeKind.Utc))));
            await using var connection = await copy.OpenAsync(CancellationToken.None);
            await using var backend = new Npgsql.NpgsqlCommand("SELECT pg_backend_pid()", connection);
            var pid = (int)(await backend.ExecuteScalarAsync())!;
            // A backend writes its process title over its environment; the server and the guardian that started it keep theirs.
            var server = ParentOf(pid);
            var guardian = ParentOf(server);

            foreach (var process in new[] { server, guardian })
            {
                var environment = File.ReadAllText($"/proc/{process}/environ").Split('\0');
                Assert.Contains(environment, e => e.StartsWith("PATH=", StringComparison.Ordinal));
                Assert.DoesNotContain(environment, e => e.StartsWith(canary, StringComparison.Ordinal) || e.Contains("canary-token-value", StringComparison.Ordinal));
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(canary, null);
        }
    }

    // The fourth field of /proc/PID/stat, after the parenthesised command name (which may hold spaces).
    private static int ParentOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task No_corruption_in_the_archive_asks_for_the_moment()
    {
        await using var db = PostgresServer.Client(await pg.Server.CreateDatabaseAsync("pitr_none"));
        await db.Execute("CREATE TABLE pitches (id int PRIMARY KEY)");
        var archive = db.Archive(await db.BaseBackup(Path.Combine(_work, "base")), pg.Server.WalArchive!);
        await db.Execute("INSERT INTO pitches VALUES (1)");

        var e = await Assert.ThrowsAsync<RunbookException>(() => archive.FindCorruption(db, "pitches"));

        Assert.Contains("--param at=", e.Message);
    }

    [Fact]
    public void A_folder_that_is_no_base_backup_is_named()
    {
        var e = Assert.Throws<BadInputException>(() => new WalArchive(_work, _work));
        Assert.Contains(_work, e.Message);
        Assert.Contains("backup_label", e.Message);
    }

    private async Task WaitForArchiveAsync(Runbooks.Providers.Postgres.DbClient db)
    {
        var last = await db.Scalar<string>("SELECT pg_walfile_name(pg_current_wal_lsn() - 1)");
        for (var i = 0; i < 200 && !File.Exists(Path.Combine(pg.Server.WalArchive!, last!)); i++) await Task.Delay(50);
    }
}
