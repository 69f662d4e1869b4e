using Runbooks.Core.Errors;
using Runbooks.Providers.Postgres;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Providers.Postgres;

/// <summary>Migrations as seed 004's Type 1 rollback uses them: status, apply, roll back to a target, last stable, failure.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DbMigrationsTests(PostgresServer pg)
{
    [Fact]
    public async Task RollbackTo_ATarget_RunsTheDownFilesAndReallyChangesTheSchema()
    {
        var cs = await pg.NewDatabaseAsync();
        await using var db = PostgresServer.Client(cs);
        Assert.Equal(10, (await db.Migrations.Status()).Current);
        Assert.True(await ColumnExists(cs, "events", "processed_at"));
        Assert.True(await ColumnExists(cs, "users", "given_name"));

        var run = await db.Migrations.RollbackTo(8);

        Assert.Equal((10L, 8L), (run.From!.Value, run.To!.Value));
        Assert.Equal(["0010_split_user_names.down.sql", "0009_add_event_processing.down.sql"], run.Files);
        Assert.False(await ColumnExists(cs, "events", "processed_at"));
        Assert.False(await ColumnExists(cs, "users", "given_name"));
        Assert.True(await ColumnExists(cs, "pitches", "search")); // 0008 stays
        var status = await db.Migrations.Status();
        Assert.Equal(8, status.Current);
        Assert.Equal([9L, 10L], status.Pending.Select(p => p.Version));
        Assert.Equal(1000, await PostgresServer.Scalar<long>(cs, "SELECT count(*) FROM events")); // data kept

        var again = await db.Migrations.Apply();
        Assert.Equal(10, again.To);
        Assert.True(await ColumnExists(cs, "users", "given_name"));
        Assert.Equal(0, await PostgresServer.Scalar<long>(cs, "SELECT count(*) FROM users WHERE given_name IS NULL"));
    }

    [Fact]
    public async Task RollbackSteps_RollsBackTheNewestMigrations()
    {
        var cs = await pg.NewDatabaseAsync();
        await using var db = PostgresServer.Client(cs);

        var run = await db.Migrations.RollbackSteps(3);

        Assert.Equal(7, run.To);
        Assert.False(await ColumnExists(cs, "pitches", "search"));
    }

    [Fact]
    public async Task RollbackToLastStable_GoesBackToTheVersionMarkedStable()
    {
        var cs = await pg.NewDatabaseAsync();
        await using var db = PostgresServer.Client(cs);
        await db.Migrations.RollbackTo(7);
        Assert.Equal(7, await db.Migrations.MarkStable());
        await db.Migrations.Apply();
        Assert.Equal(7, await db.Migrations.LastStable());

        var run = await db.Migrations.RollbackToLastStable();

        Assert.Equal((10L, 7L), (run.From!.Value, run.To!.Value));
        Assert.Equal(7, (await db.Migrations.Status()).Current);
    }

    [Fact]
    public async Task RollbackTo_AVersionThatIsNotApplied_IsBadInputAndChangesNothing()
    {
        var cs = await pg.NewDatabaseAsync();
        await using var db = PostgresServer.Client(cs);

        var e = await Assert.ThrowsAsync<BadInputException>(() => db.Migrations.RollbackTo(42));

        Assert.Equal("Cannot roll back to migration 42: it is not applied (applied: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10).", e.Message);
        Assert.Equal(10, (await db.Migrations.Status()).Current);
    }

    [Fact]
    public async Task Apply_ABrokenMigration_NamesFileLineAndStatement_AndLeavesThePreviousVersion()
    {
        var cs = await pg.NewDatabaseAsync();
        var folder = Directory.CreateTempSubdirectory("runbooks-migrations-").FullName;
        try
        {
            foreach (var f in Directory.GetFiles(PostgresServer.MigrationsDirectory).Concat(Directory.GetFiles(PostgresServer.BrokenMigrationsDirectory, "*.sql")))
                File.Copy(f, Path.Combine(folder, Path.GetFileName(f)));
            await using var db = PostgresServer.Client(cs, migrations: folder);

            var e = await Assert.ThrowsAsync<MigrationFailedException>(() => db.Migrations.Apply());

            Assert.Equal("0011_add_recovery_priority.up.sql", e.File);
            Assert.Equal(7, e.Line); // "WHERE amount_cent > 100000" (the statement starts on line 5)
            Assert.StartsWith("UPDATE recovery_cases", e.Statement);
            Assert.Equal(10, e.Version);
            Assert.StartsWith("Migration 0011_add_recovery_priority.up.sql failed at line 7 (UPDATE recovery_cases SET priority = 1 WHERE amount_cent ...): " +
                "column \"amount_cent\" does not exist; its transaction was rolled back and 127.0.0.1:", e.Message);
            Assert.EndsWith(" stays at version 10.", e.Message);
            Assert.Equal(ExitCodes.Failed, e.ExitCode);
            // The first statement ran, but its transaction was rolled back with the second.
            Assert.False(await ColumnExists(cs, "recovery_cases", "priority"));
            Assert.Equal(10, (await db.Migrations.Status()).Current);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<bool> ColumnExists(string cs, string table, string column)
        => await PostgresServer.Scalar<long>(cs,
            $"SELECT count(*) FROM information_schema.columns WHERE table_name = '{table}' AND column_name = '{column}'") == 1;
}
