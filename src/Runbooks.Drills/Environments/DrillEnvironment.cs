using Npgsql;
using Runbooks.Drills.Data;
using Runbooks.Drills.Definitions;
using Runbooks.Drills.Environments.Postgres;
using Runbooks.Drills.Environments.Simulator;
using Runbooks.Drills.Environments.Simulator.Model;
using Runbooks.Core.Timing;

namespace Runbooks.Drills.Environments;

/// <summary>
/// The parts a batch of drills runs against, started once: PostgreSQL (embedded, or in a container) with a migrated, seeded template database,
/// and the provider simulator (WireMock.Net, in-process) modelling the estate. Each drill gets a <see cref="DrillSite"/>: the simulator reset, a database cloned
/// from the template. Disposing stops everything it started, so nothing outlives the batch.
/// </summary>
public sealed class DrillEnvironment : IAsyncDisposable
{
    private const string Template = "drill_template";

    /// <summary>The table the write load inserts into; the RPO count reads it back.</summary>
    public const string WritesTable = "drill_writes";

    private readonly DrillEnvironmentOptions _options;
    private readonly SimulatorHost? _simulator;
    private readonly IPostgresEnvironment? _postgres;
    private readonly string? _template;
    private int _next;

    private DrillEnvironment(DrillEnvironmentOptions options, SimulatorHost? simulator, IPostgresEnvironment? postgres, string? template)
    {
        _options = options;
        _simulator = simulator;
        _postgres = postgres;
        _template = template;
    }

    /// <summary>Starts what <paramref name="options"/> asks for; on failure stops what had started.</summary>
    public static async Task<DrillEnvironment> StartAsync(DrillEnvironmentOptions options, CancellationToken cancellation = default)
    {
        SimulatorHost? simulator = null;
        IPostgresEnvironment? postgres = null;
        try
        {
            if (options.NeedsSimulator)
            {
                options.Log("Starting the provider simulator (WireMock.Net)...");
                simulator = await SimulatorHost.StartAsync(SimulatorOptions.Default with { Estate = options.Estate }, cancellation).ConfigureAwait(false);
            }
            string? template = null;
            if (options.NeedsPostgres)
            {
                var backend = options.Postgres.Backend switch
                {
                    PostgresBackend.Testcontainers => $"testcontainers, {options.Postgres.Image}",
                    PostgresBackend.Auto => "auto",
                    _ => "embedded",
                };
                options.Log(options.DurablePostgres
                    ? $"Starting PostgreSQL ({backend}; durable: fsync and synchronous commit on, for RPO)..."
                    : $"Starting PostgreSQL ({backend})...");
                postgres = await PostgresEnvironments.StartAsync(options.Postgres, options.DurablePostgres, options.ArchiveWal, options.Log, cancellation).ConfigureAwait(false);
                template = Template;
                await SeededTemplate.CreateAsync(postgres, template, MigrationsOf(options), cancellation).ConfigureAwait(false);
            }
            return new DrillEnvironment(options, simulator, postgres, template);
        }
        catch
        {
            if (simulator is not null) await simulator.DisposeAsync().ConfigureAwait(false);
            if (postgres is not null) await postgres.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static string MigrationsOf(DrillEnvironmentOptions options) => Path.Combine(options.RepositoryRoot, "drills", "db", "migrations");

    /// <summary>
    /// Prepares a clean site for <paramref name="drill"/>: the simulator reset onto the drill's clock with its propagation,
    /// a fresh database (with the write-load table when the drill writes), the work folder. A site gets only the parts
    /// its own drill needs, whatever else the batch started: what a drill's runbook can reach never depends on which
    /// drills ran beside it.
    /// </summary>
    public async Task<DrillSite> PrepareAsync(DrillDefinition drill, TimeScale scale, string workDirectory, bool needsSimulator, bool needsDatabase,
        CancellationToken cancellation = default)
    {
        var simulator = needsSimulator ? _simulator : null;
        if (Directory.Exists(workDirectory)) Directory.Delete(workDirectory, recursive: true);
        Directory.CreateDirectory(workDirectory);
        Directory.CreateDirectory(Path.Combine(workDirectory, "backups"));
        var migrations = Directory.CreateDirectory(Path.Combine(workDirectory, "migrations")).FullName;
        foreach (var file in Directory.GetFiles(MigrationsOf(_options), "*.sql"))
            File.Copy(file, Path.Combine(migrations, Path.GetFileName(file)));

        // The site's clock is the simulator's from here on: provider time runs at the drill's scale and is recorded on it.
        var clock = new RunClock(scale);
        if (simulator is not null)
        {
            var timings = ProviderTimings.Default.WithPropagation(drill.Fault.Duration("propagation", ProviderTimings.Default.WorkerPropagation));
            await simulator.ResetAsync(clock, timings, cancellation).ConfigureAwait(false);
        }

        string? name = null, cs = null;
        if (needsDatabase && _postgres is not null && _template is not null)
        {
            name = $"drill_{Interlocked.Increment(ref _next)}_{Guid.NewGuid().ToString("N")[..6]}";
            cs = await _postgres.CreateDatabaseAsync(name, _template, cancellation).ConfigureAwait(false);
            if (drill.Load.WriteRate > 0 && drill.Load.WritesTo is null)
            {
                await using var c = new NpgsqlConnection(cs);
                await c.OpenAsync(cancellation).ConfigureAwait(false);
                await using var create = new NpgsqlCommand(
                    $"CREATE TABLE {WritesTable} (seq bigint PRIMARY KEY, written_at timestamptz NOT NULL DEFAULT clock_timestamp())", c);
                await create.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
            }
        }
        var estate = simulator?.SimulatedEstateView ?? _options.Estate;
        if (drill.Postgres is { } postgres) estate = estate.WithPostgres(postgres);
        return new DrillSite(drill, clock, estate, _options.RepositoryRoot, workDirectory, simulator, name, cs, _options.Log)
        {
            WalArchiveDirectory = needsDatabase ? _postgres?.WalArchive : null,
            TakeBaseBackup = needsDatabase ? _postgres?.BaseBackup : null,
        };
    }

    /// <summary>Stops the copies the simulated providers built of the site's database, then drops it (its connections ended first).</summary>
    public async Task ReleaseAsync(DrillSite site)
    {
        if (site.HasSimulator) await site.Simulator.Model.Postgres.ResetAsync(site.Simulator.Estate.Postgres).ConfigureAwait(false);
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
            if (_simulator is not null) await _simulator.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            if (_postgres is not null) await _postgres.DisposeAsync().ConfigureAwait(false);
        }
    }
}
