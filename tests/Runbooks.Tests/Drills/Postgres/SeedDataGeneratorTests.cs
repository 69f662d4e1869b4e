using Runbooks.Core.Errors;
using Runbooks.Drills.Data;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Drills.Postgres;

/// <summary>Synthetic data is the same for the same seed, so a drill's checksums mean something from run to run.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SeedDataGeneratorTests(PostgresServer pg)
{
    private const string Truncate = "TRUNCATE users, pitches, sessions, events, recovery_cases, creator_settings, audit_log";

    [Fact]
    public async Task Fill_WithTheSameSeed_WritesIdenticalRows_AndAnotherSeedDoesNot()
    {
        var cs = await pg.NewDatabaseAsync();
        await using var db = PostgresServer.Client(cs);
        var seeded = await db.Snapshot(); // the template was filled with SeedDataOptions.Small (seed 42)

        await db.Execute(Truncate);
        var again = await SeedDataGenerator.FillAsync(cs, SeedDataOptions.Small);
        Assert.Empty(seeded.Differences(await db.Snapshot()));
        Assert.Equal(seeded.TotalRows - 10, again.Total); // schema_migrations' 10 rows are not generated

        await db.Execute(Truncate);
        await SeedDataGenerator.FillAsync(cs, SeedDataOptions.Small with { Seed = 7 });
        Assert.Contains("users has 100 rows as expected but different content", seeded.Differences(await db.Snapshot()));
    }

    [Fact]
    public void ForTotalRows_ScalesEveryTableFromTheUserCount()
    {
        Assert.Equal(55_556, SeedDataOptions.ForTotalRows(1_000_000).Users);
        Assert.Throws<BadInputException>(() => SeedDataGenerator.FillAsync("Host=unused", new SeedDataOptions { Users = 0 }).GetAwaiter().GetResult());
    }
}
