using Npgsql;
using Runbooks.Tests.Providers.Postgres;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Cli;

/// <summary>Runbook db-pitr-repair end to end through the real CLI, against a server that archives its WAL.</summary>
public sealed class DbPitrRepairRunbookTests : IClassFixture<ArchivingPostgres>, IDisposable
{
    private readonly ArchivingPostgres _pg;
    private readonly Workspace _ws = new();

    public DbPitrRepairRunbookTests(ArchivingPostgres pg)
    {
        _pg = pg;
        File.Copy(Path.Combine(PostgresServer.RepositoryRoot, "runbooks", "db-pitr-repair.csx"), _ws.PathOf(Path.Combine("runbooks", "db-pitr-repair.csx")));
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task The_deleted_rows_come_back_online_and_every_write_since_stays()
    {
        var cs = await _pg.NewDatabaseAsync();
        await using (var db = PostgresServer.Client(cs))
        {
            await db.Execute("CREATE TABLE pitches (id int PRIMARY KEY, title text NOT NULL)");
            await db.Execute("INSERT INTO pitches SELECT g, 'pitch ' || g FROM generate_series(1, 1000) g");
            await db.BaseBackup(_ws.PathOf("base"));
            await db.Execute("DELETE FROM pitches WHERE id > 400");                       // the corruption
            await db.Execute("INSERT INTO pitches VALUES (5001, 'written since')");        // a user's write after it
        }

        var r = Exec(cs, "--param", "table=pitches", "--param", "base-backup=" + _ws.PathOf("base"), "--param", "wal-archive=" + _pg.Server.WalArchive, "--yes");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(
            [("Find the corruption", "ok"), ("Build a copy as of just before it", "ok"), ("Verify the copy", "ok"),
             ("Put the lost rows back", "ok"), ("Verify the live data", "ok")],
            _ws.LatestJournal().StepOutcomes());
        Assert.Matches(@"The corruption: transaction \d+, committed .*, deleted 600 and changed 0 rows of pitches", r.Stdout);
        Assert.Contains("pitches: 600 rows restored, 0 reverted, 0 kept as written since, 0 still missing", r.Stdout);
        Assert.Equal(1001, await PostgresServer.Scalar<long>(cs, "SELECT count(*) FROM pitches"));
        var password = new NpgsqlConnectionStringBuilder(cs).Password!;
        Assert.DoesNotContain(password, r.Stdout + r.Stderr + _ws.LatestJournal().Text);
        // The copy was a server of the CLI's own; it went with the run.
        var port = int.Parse(System.Text.RegularExpressions.Regex.Match(r.Stdout, @"Copy at 127\.0\.0\.1:(\d+)/").Groups[1].Value);
        using var probe = new System.Net.Sockets.TcpClient();
        Assert.ThrowsAny<System.Net.Sockets.SocketException>(() => probe.Connect("127.0.0.1", port));
    }

    [Fact]
    public async Task A_dry_run_finds_the_corruption_and_builds_the_copy_but_puts_nothing_back()
    {
        var cs = await _pg.NewDatabaseAsync();
        await using (var db = PostgresServer.Client(cs))
        {
            await db.Execute("CREATE TABLE pitches (id int PRIMARY KEY, title text NOT NULL)");
            await db.Execute("INSERT INTO pitches SELECT g, 'pitch ' || g FROM generate_series(1, 100) g");
            await db.BaseBackup(_ws.PathOf("base"));
            await db.Execute("DELETE FROM pitches WHERE id > 40");
        }

        var r = Exec(cs, "--param", "table=pitches", "--param", "base-backup=" + _ws.PathOf("base"), "--param", "wal-archive=" + _pg.Server.WalArchive, "--dry-run");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains(("Put the lost rows back", "skipped"), _ws.LatestJournal().StepOutcomes());
        Assert.Contains("Nothing was put back: a dry run.", r.Stdout);
        Assert.Equal(40, await PostgresServer.Scalar<long>(cs, "SELECT count(*) FROM pitches"));
    }

    [Fact]
    public async Task A_folder_that_is_no_base_backup_is_exit_2_naming_it_before_anything_is_touched()
    {
        var cs = await _pg.NewDatabaseAsync();

        var r = Exec(cs, "--param", "table=pitches", "--param", "base-backup=" + _ws.Root, "--param", "wal-archive=" + _pg.Server.WalArchive, "--yes");

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains($"{_ws.Root} is not a base backup (pg_basebackup --format=plain): it has no backup_label.", r.Stderr);
    }

    private CliResult Exec(string connectionString, params string[] args)
        => RunbooksCli.Run(_ws.Root, ["exec", "db-pitr-repair", .. args], new Dictionary<string, string?> { ["DATABASE_URL"] = connectionString },
            TimeSpan.FromSeconds(120));
}
