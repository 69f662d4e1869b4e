using Npgsql;
using Runbooks.Drills.Data;
using Runbooks.Drills.Environments.Postgres;
using Runbooks.Providers;
using Runbooks.Providers.Postgres;

namespace Runbooks.Tests.Support;

/// <summary>
/// One embedded PostgreSQL for the whole test run, with a template database already migrated to the latest version
/// and filled with the small seed data. Each test clones its own database from the template (a file copy, ~50 ms).
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string Template = "seeded_template";

    private int _next;

    public EmbeddedPostgres Server { get; private set; } = null!;

    public static string RepositoryRoot { get; } = FindRoot();

    public static string MigrationsDirectory => Path.Combine(RepositoryRoot, "drills", "db", "migrations");

    public static string BrokenMigrationsDirectory => Path.Combine(RepositoryRoot, "drills", "db", "broken-migrations");

    public async Task InitializeAsync()
    {
        Server = await EmbeddedPostgres.StartAsync();
        await SeededTemplate.CreateAsync(Server, Template, MigrationsDirectory);
        await Server.FreezeAsTemplateAsync(Template);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A fresh database cloned from the seeded template; returns its connection string.</summary>
    public Task<string> NewDatabaseAsync(string? template = Template)
        => Server.CreateDatabaseAsync($"test_{Interlocked.Increment(ref _next)}_{Guid.NewGuid().ToString("N")[..6]}", template);

    /// <summary>A <see cref="DbClient"/> on <paramref name="connectionString"/> with the repository's migrations and a temp backup folder.</summary>
    public static DbClient Client(string connectionString, string? migrations = null, string? backups = null, List<string>? log = null)
        => new(ProviderContext.ForTools(line => { lock (log ?? []) log?.Add(line); }), new DbClientOptions
        {
            ConnectionString = connectionString,
            MigrationsDirectory = migrations ?? MigrationsDirectory,
            BackupDirectory = backups ?? Path.Combine(Path.GetTempPath(), "runbooks-test-backups"),
        });

    public static async Task<T?> Scalar<T>(string connectionString, string sql)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        var v = await cmd.ExecuteScalarAsync();
        return v is null or DBNull ? default : (T)v;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Runbooks.sln"))) return dir.FullName;
        throw new InvalidOperationException("Runbooks.sln not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
