using Npgsql;
using Runbooks.Drills.Environments.Postgres;
using Runbooks.Providers;
using Runbooks.Providers.Postgres;

namespace Runbooks.Drills.Data;

/// <summary>
/// The database drills and tests clone: the seeds' schema migrated to the latest version and filled with the small seed
/// data. Built once per server; each drill or test then gets a copy (a file copy, not a re-migration).
/// </summary>
public static class SeededTemplate
{
    /// <summary>Creates <paramref name="name"/> on <paramref name="postgres"/>, migrated with <paramref name="migrationsDirectory"/> and seeded.</summary>
    public static async Task CreateAsync(IPostgresEnvironment postgres, string name, string migrationsDirectory, CancellationToken cancellation = default)
    {
        var cs = await postgres.CreateDatabaseAsync(name, cancellation: cancellation).ConfigureAwait(false);
        await using (var db = new DbClient(ProviderContext.ForTools(), new DbClientOptions { ConnectionString = cs, MigrationsDirectory = migrationsDirectory }))
            await db.Migrations.Apply(cancellation: cancellation).ConfigureAwait(false);
        await SeedDataGenerator.FillAsync(cs, SeedDataOptions.Small, cancellation).ConfigureAwait(false);
        NpgsqlConnection.ClearAllPools(); // a template with a session open cannot be copied
    }
}
