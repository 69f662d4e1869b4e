using Npgsql;
using Runbooks.Drills.Data;
using Runbooks.Drills.Definitions;
using Runbooks.Drills.Environments.Postgres;
using Runbooks.Drills.Environments.Simulator;
using Runbooks.Drills.Environments.WireMock;
using Runbooks.Core.Timing;

namespace Runbooks.Drills.Environments;

/// <summary>
/// The parts a batch of drills runs against, started once: embedded PostgreSQL with a migrated, seeded template database,
/// and the WireMock provider simulator. Each drill gets a <see cref="DrillSite"/>: the simulator reset, a database cloned
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
            // One after the other: on two cores a JVM and initdb starting together each take longer than both in turn.
            if (options.NeedsSimulator)
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
            }
            string? template = null;
            if (options.NeedsPostgres)
            {
                options.Log(options.DurablePostgres ? "Starting PostgreSQL (durable: fsync and synchronous commit on, for RPO)..." : "Starting PostgreSQL...");
                postgres = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { Durable = options.DurablePostgres }, cancellation).ConfigureAwait(false);
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
    /// Prepares a clean site for <paramref name="drill"/>: the simulator reset with the drill's propagation delay scaled,
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

        if (simulator is not null)
            await simulator.ResetAsync(scale.ToDrill(drill.Fault.Duration("propagation", SimulatorOptions.Default.PropagationDelay)), cancellation).ConfigureAwait(false);

        string? name = null, cs = null;
        if (needsDatabase && _postgres is not null && _template is not null)
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
        return new DrillSite(drill, new RunClock(scale), _options.RepositoryRoot, workDirectory, simulator, name, cs, _options.Log);
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
            if (_simulator is not null) await _simulator.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            if (_postgres is not null) await _postgres.DisposeAsync().ConfigureAwait(false);
        }
    }
}
