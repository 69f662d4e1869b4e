using Npgsql;
using Runbooks.Drills.Data;
using Runbooks.Drills.Definitions;
using Runbooks.Drills.Environments.Postgres;
using Runbooks.Drills.Environments.Simulator;
using Runbooks.Drills.Environments.WireMock;
using Runbooks.Providers;
using Runbooks.Providers.Postgres;

namespace Runbooks.Drills.Environments;

/// <summary>
/// The parts a batch of drills runs against, started once: embedded PostgreSQL with a migrated, seeded template database,
/// and the WireMock provider simulator. Each drill gets a <see cref="DrillSite"/>: the simulator reset, a database cloned
/// from the template. Disposing stops what this started (shared parts are left running), so nothing outlives the batch.
/// </summary>
public sealed class DrillEnvironment : IAsyncDisposable
{
    private const string OwnTemplate = "drill_template";

    /// <summary>The table the write load inserts into; the RPO count reads it back.</summary>
    public const string WritesTable = "drill_writes";

    private readonly DrillEnvironmentOptions _options;
    private readonly SimulatorHost? _simulator;
    private readonly IPostgresEnvironment? _postgres;
    private readonly string? _template;
    private readonly bool _ownsSimulator, _ownsPostgres;
    private int _next;

    private DrillEnvironment(DrillEnvironmentOptions options, SimulatorHost? simulator, bool ownsSimulator,
        IPostgresEnvironment? postgres, bool ownsPostgres, string? template)
    {
        _options = options;
        _simulator = simulator;
        _ownsSimulator = ownsSimulator;
        _postgres = postgres;
        _ownsPostgres = ownsPostgres;
        _template = template;
    }

    /// <summary>Starts what <paramref name="options"/> asks for; on failure stops what had started.</summary>
    public static async Task<DrillEnvironment> StartAsync(DrillEnvironmentOptions options, CancellationToken cancellation = default)
    {
        SimulatorHost? simulator = null;
        IPostgresEnvironment? postgres = null;
        var ownsSimulator = false;
        var ownsPostgres = false;
        try
        {
            // One after the other: on two cores a JVM and initdb starting together each take longer than both in turn.
            if (options.NeedsSimulator)
            {
                simulator = options.SharedSimulator;
                if (simulator is null)
                {
                    options.Log("Starting the provider simulator (WireMock)...");
                    simulator = await SimulatorHost.StartAsync(SimulatorOptions.Default with
                    {
                        // Drills need throughput, not the request journal: these flags double WireMock's ceiling on two cores
                        // (shared/notes/load-and-wiremock.md).
                        WireMock = WireMockOptions.Default with
                        {
                            RepositoryRoot = options.RepositoryRoot,
                            ExtraArguments = ["--no-request-journal", "--disable-request-logging", "--container-threads", "8"],
                        },
                    }, cancellation).ConfigureAwait(false);
                    ownsSimulator = true;
                }
            }
            string? template = null;
            if (options.NeedsPostgres)
            {
                postgres = options.SharedPostgres;
                template = options.TemplateDatabase;
                if (postgres is null)
                {
                    options.Log("Starting PostgreSQL...");
                    postgres = await EmbeddedPostgres.StartAsync(cancellation: cancellation).ConfigureAwait(false);
                    ownsPostgres = true;
                }
                if (template is null)
                {
                    template = OwnTemplate + "_" + Guid.NewGuid().ToString("N")[..6];
                    await BuildTemplateAsync(postgres, template, options, cancellation).ConfigureAwait(false);
                }
            }
            return new DrillEnvironment(options, simulator, ownsSimulator, postgres, ownsPostgres, template);
        }
        catch
        {
            if (ownsSimulator && simulator is not null) await simulator.DisposeAsync().ConfigureAwait(false);
            if (ownsPostgres && postgres is not null) await postgres.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task BuildTemplateAsync(IPostgresEnvironment postgres, string name, DrillEnvironmentOptions options, CancellationToken cancellation)
    {
        var cs = await postgres.CreateDatabaseAsync(name, cancellation: cancellation).ConfigureAwait(false);
        await using (var db = new DbClient(ProviderContext.ForTools(), new DbClientOptions
        {
            ConnectionString = cs,
            MigrationsDirectory = Path.Combine(options.RepositoryRoot, "drills", "db", "migrations"),
        }))
            await db.Migrations.Apply(cancellation: cancellation).ConfigureAwait(false);
        await SeedDataGenerator.FillAsync(cs, SeedDataOptions.Small, cancellation).ConfigureAwait(false);
        NpgsqlConnection.ClearAllPools(); // a template must have no open connections
    }

    /// <summary>The simulator, when running.</summary>
    public SimulatorHost? Simulator => _simulator;

    /// <summary>The PostgreSQL server, when running.</summary>
    public IPostgresEnvironment? Postgres => _postgres;

    /// <summary>
    /// Prepares a clean site for <paramref name="drill"/>: the simulator reset with the drill's propagation delay scaled,
    /// a fresh database (with the write-load table when the drill writes), the work folder.
    /// </summary>
    public async Task<DrillSite> PrepareAsync(DrillDefinition drill, double scale, string workDirectory, CancellationToken cancellation = default)
    {
        if (Directory.Exists(workDirectory)) Directory.Delete(workDirectory, recursive: true);
        Directory.CreateDirectory(workDirectory);
        Directory.CreateDirectory(Path.Combine(workDirectory, "backups"));
        var migrations = Directory.CreateDirectory(Path.Combine(workDirectory, "migrations")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(_options.RepositoryRoot, "drills", "db", "migrations"), "*.sql"))
            File.Copy(file, Path.Combine(migrations, Path.GetFileName(file)));

        if (_simulator is not null)
            await _simulator.ResetAsync(drill.Fault.Duration("propagation", SimulatorOptions.Default.PropagationDelay) * scale, cancellation).ConfigureAwait(false);

        string? name = null, cs = null;
        if (_postgres is not null && _template is not null)
        {
            name = $"drill_{Interlocked.Increment(ref _next)}_{Guid.NewGuid().ToString("N")[..6]}";
            cs = await _postgres.CreateDatabaseAsync(name, _template, cancellation).ConfigureAwait(false);
            if (drill.Load.WriteRate > 0)
            {
                await using var c = new NpgsqlConnection(cs);
                await c.OpenAsync(cancellation).ConfigureAwait(false);
                await using var create = new NpgsqlCommand(
                    $"CREATE TABLE {WritesTable} (seq bigint PRIMARY KEY, written_at timestamptz NOT NULL DEFAULT clock_timestamp())", c);
                await create.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
            }
        }
        return new DrillSite(drill, scale, _options.RepositoryRoot, workDirectory, _simulator, name, cs, _options.Log);
    }

    /// <summary>Drops the site's database (its connections ended first).</summary>
    public async Task ReleaseAsync(DrillSite site)
    {
        if (_postgres is not null && site.DatabaseName is { } name)
        {
            NpgsqlConnection.ClearAllPools();
            await _postgres.DropDatabaseAsync(name).ConfigureAwait(false);
        }
    }

    /// <summary>Stops what this environment started.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_ownsSimulator && _simulator is not null) await _simulator.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            if (_ownsPostgres && _postgres is not null) await _postgres.DisposeAsync().ConfigureAwait(false);
        }
    }
}
