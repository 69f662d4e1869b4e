using Npgsql;
using Runbooks.Core.Errors;
using Runbooks.Drills.Definitions;
using Runbooks.Drills.Harness;
using Runbooks.Drills.Load;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Drills.Harness;

/// <summary>
/// A drill's acknowledged writes into an application table (<c>load.writesTo</c>): rows a corruption of that table
/// removes too, counted back by their keys afterwards.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DrillWriteTableTests(PostgresServer pg)
{
    private static DrillDefinition Drill(string? writesTo) => new()
    {
        Name = "w", SourcePath = "drills/w.drill.yaml", Runbook = "r.csx", Severity = "P0",
        Fault = new FaultSpec("data-corruption", new Dictionary<string, string>(), 5),
        Load = new LoadSpec(100, LoadTarget.Database, 50) { WritesTo = writesTo, Line = 6 },
        Detect = new Criterion(0.1, TimeSpan.FromMinutes(2)), Recovered = new Criterion(0.01, TimeSpan.FromMinutes(1)),
    };

    [Fact]
    public async Task Writes_into_pitches_are_new_pitches_that_a_corruption_deletes_and_the_count_sees_gone()
    {
        var cs = await pg.NewDatabaseAsync();
        await using var source = NpgsqlDataSource.Create(cs);
        var seeded = await PostgresServer.Scalar<long>(cs, "SELECT count(*) FROM pitches");
        var table = await DrillWriteTable.PrepareAsync(Drill("pitches"), source, CancellationToken.None);
        var ledger = new AcknowledgedWrites(TimeProvider.System, TimeProvider.System.GetTimestamp());
        var scenario = table.Scenario(ledger, source);

        foreach (var seq in new long[] { 0, 1, 2 }) Assert.False((await scenario.Step(seq, CancellationToken.None)).IsError);
        var written = await table.SurvivingAsync(cs, CancellationToken.None);
        var rows = await PostgresServer.Scalar<long>(cs, "SELECT count(*) FROM pitches");
        await PostgresServer.Scalar<int>(cs, "DELETE FROM pitches WHERE id IN (SELECT id FROM pitches ORDER BY id DESC LIMIT 1)");
        var afterCorruption = await table.SurvivingAsync(cs, CancellationToken.None);

        Assert.Equal([0L, 1L, 2L], written.Order());
        Assert.Equal(seeded + 3, rows);
        // A full pitch, generated search column and all: the application reads it like any other.
        Assert.Equal(2L, await PostgresServer.Scalar<long>(cs, "SELECT count(*) FROM pitches p JOIN users u ON u.id = p.user_id WHERE p.search IS NOT NULL AND p.id > (SELECT max(id) FROM pitches) - 2"));
        Assert.Equal([0L, 1L], afterCorruption.Order());
        Assert.Equal(3, ledger.Acknowledged.Count);
    }

    [Fact]
    public async Task A_table_named_by_a_reserved_word_takes_writes_and_its_defaults_are_the_databases_not_the_sample_rows()
    {
        var cs = await pg.NewDatabaseAsync();
        await PostgresServer.Scalar<int>(cs, """
            CREATE TABLE "order" (id integer PRIMARY KEY, note text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
            INSERT INTO "order" VALUES (7, 'first', '2001-01-01')
            """);
        await using var source = NpgsqlDataSource.Create(cs);
        var table = await DrillWriteTable.PrepareAsync(Drill("order"), source, CancellationToken.None);
        var ledger = new AcknowledgedWrites(TimeProvider.System, TimeProvider.System.GetTimestamp());

        Assert.False((await table.Scenario(ledger, source).Step(4, CancellationToken.None)).IsError);

        Assert.Equal([4L], await table.SurvivingAsync(cs, CancellationToken.None));
        Assert.Equal("first", await PostgresServer.Scalar<string>(cs, "SELECT note FROM \"order\" WHERE id = 1000004"));
        Assert.True(await PostgresServer.Scalar<bool>(cs, "SELECT created_at > now() - interval '1 minute' FROM \"order\" WHERE id = 1000004"),
            "a drill write is created now, not on the sample row's day");
    }

    [Fact]
    public async Task A_key_too_close_to_its_types_limit_for_the_writes_above_it_is_refused_naming_the_drill_line()
    {
        var cs = await pg.NewDatabaseAsync();
        await PostgresServer.Scalar<int>(cs, "CREATE TABLE near_limit (id integer PRIMARY KEY, v text); INSERT INTO near_limit VALUES (2147483000, 'x')");
        await using var source = NpgsqlDataSource.Create(cs);

        var e = await Assert.ThrowsAsync<BadInputException>(() => DrillWriteTable.PrepareAsync(Drill("near_limit"), source, CancellationToken.None));

        Assert.Equal("drills/w.drill.yaml(6): load writesTo 'near_limit' has keys up to 2147483000, too close to its integer limit for a drill's writes above them.",
            e.Message);
    }

    [Fact]
    public async Task A_write_the_table_refuses_is_not_acknowledged_and_its_database_error_is_kept()
    {
        // Users have a unique email: a copy of one under a new key is refused, as a team's own constraint would refuse it.
        var cs = await pg.NewDatabaseAsync();
        await using var source = NpgsqlDataSource.Create(cs);
        var table = await DrillWriteTable.PrepareAsync(Drill("users"), source, CancellationToken.None);
        var ledger = new AcknowledgedWrites(TimeProvider.System, TimeProvider.System.GetTimestamp());

        await Assert.ThrowsAsync<PostgresException>(async () => await table.Scenario(ledger, source).Step(0, CancellationToken.None));

        Assert.Empty(ledger.Acknowledged);
        Assert.Equal(1, ledger.Failures);
        Assert.StartsWith("23505: duplicate key value violates unique constraint", ledger.FirstFailure);
    }

    [Theory]
    [InlineData("no_such_table", "load writesTo 'no_such_table' needs a table of the drill database with a one-column integer primary key; it has none (or does not exist).")]
    [InlineData("sessions", "load writesTo 'sessions' needs a table of the drill database with a one-column integer primary key; its key is id uuid.")]
    public async Task A_table_whose_rows_cannot_be_told_apart_by_an_integer_key_is_refused_naming_the_drill_line(string writesTo, string message)
    {
        var cs = await pg.NewDatabaseAsync();
        await using var source = NpgsqlDataSource.Create(cs);

        var e = await Assert.ThrowsAsync<BadInputException>(() => DrillWriteTable.PrepareAsync(Drill(writesTo), source, CancellationToken.None));

        Assert.StartsWith("drills/w.drill.yaml(6): " + message, e.Message);
    }
}
