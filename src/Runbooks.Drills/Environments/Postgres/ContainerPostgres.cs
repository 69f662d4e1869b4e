using System.Diagnostics;
using System.Globalization;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Images;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Runbooks.Core.Errors;
using Testcontainers.PostgreSql;

namespace Runbooks.Drills.Environments.Postgres;

/// <summary>
/// PostgreSQL in a Docker container started with Testcontainers, of the image the production major version runs
/// (<see cref="ContainerPostgresOptions.Image"/>): the same server drills and tests get from <see cref="EmbeddedPostgres"/>,
/// but the version production runs rather than the one this machine has. Its port is published on 127.0.0.1; the superuser
/// password is generated per container.
/// </summary>
/// <remarks>
/// Nothing may outlive the run: <see cref="DisposeAsync"/> removes the container (also on failure and Ctrl-C, through
/// the callers' <c>await using</c>), a normal process exit does the same, and a container whose owner was killed is
/// removed by <see cref="ContainerPostgresReaper"/> before the next one starts. Ryuk, Testcontainers' own reaper, is an
/// image from a registry and is not used.
/// </remarks>
public sealed class ContainerPostgres : IPostgresEnvironment
{
    /// <summary>The sentence that says how to get Docker and the image, for every "not here" error.</summary>
    public const string Fix = "run `bash scripts/prerequisites.sh --docker`";

    private const string Superuser = "postgres";

    // Where the shared folder is inside the container: the WAL archive and base backups taken in the container land there.
    private const string Exchange = "/var/lib/runbooks";

    private readonly PostgreSqlContainer _container;
    private readonly string _password;
    private readonly string? _exchange;
    private int _disposed;

    private ContainerPostgres(PostgreSqlContainer container, string password, string image, TimeSpan startup, bool durable, string? exchange)
    {
        _exchange = exchange;
        _container = container;
        _password = password;
        Image = image;
        StartupTime = startup;
        Durable = durable;
        ContainerId = container.Id;
        Host = container.Hostname;
        Port = container.GetMappedPublicPort(5432);
        Endpoint = $"{Host}:{Port}";
        AdminConnectionString = ConnectionStringFor("postgres");
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The folder of this machine the container archives its WAL into; null unless <see cref="ContainerPostgresOptions.ArchiveWal"/>.</summary>
    public string? WalArchive => _exchange is null ? null : Path.Combine(_exchange, "wal-archive");

    /// <summary>
    /// Takes a base backup of the container's cluster into <paramref name="directory"/> on this machine: <c>pg_basebackup</c>
    /// runs in the container, over its local socket, so neither a replication rule for the host nor this machine's client
    /// version matters, and writes into the shared folder, from where it is copied.
    /// </summary>
    public async Task BaseBackupAsync(string directory, CancellationToken cancellation = default)
    {
        if (_exchange is null) throw new InvalidOperationException("This container archives no WAL: start it with ArchiveWal.");
        var name = "base-" + Guid.NewGuid().ToString("N")[..8];
        var result = await _container.ExecAsync(["pg_basebackup", "--pgdata=" + Exchange + "/" + name, "--format=plain", "--wal-method=none",
            "--checkpoint=fast", "--no-sync", "--username=" + Superuser], cancellation).ConfigureAwait(false);
        if (result.ExitCode != 0)
            throw new EnvironmentUnavailableException($"pg_basebackup in the PostgreSQL container ({Image}) failed (exit {result.ExitCode}): {result.Stderr.Trim()}");
        var from = Path.Combine(_exchange, name);
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(directory, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(directory, Path.GetRelativePath(from, file)));
        Directory.Delete(from, recursive: true);
    }

    /// <inheritdoc />
    Func<string, CancellationToken, Task>? IPostgresEnvironment.BaseBackup => _exchange is null ? null : BaseBackupAsync;

    /// <summary>The container's id.</summary>
    public string ContainerId { get; }

    /// <summary>The image it runs.</summary>
    public string Image { get; }

    /// <summary>The host its port is published on (127.0.0.1 for a local daemon).</summary>
    public string Host { get; }

    /// <summary>The published port of the server.</summary>
    public int Port { get; }

    /// <summary>From the call to <see cref="StartAsync"/> to the first successful query.</summary>
    public TimeSpan StartupTime { get; }

    /// <summary>Whether the server keeps PostgreSQL's durability settings.</summary>
    public bool Durable { get; }

    /// <inheritdoc />
    public string Endpoint { get; }

    /// <inheritdoc />
    public string AdminConnectionString { get; }

    /// <inheritdoc />
    public string ConnectionStringFor(string database) => ConnectionString(Host, Port, _password, database);

    private static string ConnectionString(string host, int port, string password, string database) => new NpgsqlConnectionStringBuilder
    {
        Host = host,
        Port = port,
        Username = Superuser,
        Password = password,
        Database = database,
    }.ConnectionString;

    /// <summary>
    /// Starts a container and returns once its server answers a query. No Docker, no image, or a server that does not come
    /// up are an <see cref="EnvironmentUnavailableException"/> (exit 3) of one sentence, with nothing left behind.
    /// </summary>
    public static async Task<ContainerPostgres> StartAsync(ContainerPostgresOptions? options = null, CancellationToken cancellation = default)
    {
        options ??= ContainerPostgresOptions.Default;
        options.Validate();
        var clock = Stopwatch.StartNew(); // a real container starting: real time
        using (var docker = DockerEngine.FromEnvironment())
        {
            if (await UnavailableAsync(docker, options.Image, options.DockerTimeout, options.StartTimeout, cancellation).ConfigureAwait(false) is { } why)
                throw new EnvironmentUnavailableException(why);
            await ContainerPostgresReaper.SweepAsync(docker, cancellation).ConfigureAwait(false);
        }

        var password = EmbeddedPostgres.GeneratePassword();
        var tag = Guid.NewGuid().ToString("N");
        string? exchange = null;
        if (options.ArchiveWal)
        {
            // The container's postgres account is not this machine's: the folder is open to it, and what it archives is
            // made readable (the copy replays it as this machine's postgres account).
            exchange = Directory.CreateTempSubdirectory("runbooks-pgc-").FullName;
            Directory.CreateDirectory(Path.Combine(exchange, "wal-archive"));
            if (!OperatingSystem.IsWindows())
                foreach (var d in new[] { exchange, Path.Combine(exchange, "wal-archive") })
                    File.SetUnixFileMode(d, (UnixFileMode)0b111_111_111);
        }
        var builder = new PostgreSqlBuilder(options.Image)
            .WithLogger(NullLogger.Instance) // its progress lines would land in the drill's console between ours
            .WithImagePullPolicy(PullPolicy.Never) // nothing is pulled behind the operator's back; prerequisites.sh makes the image
            .WithUsername(Superuser)
            .WithPassword(password)
            .WithLabel(ContainerPostgresReaper.LabelsForThisProcess())
            .WithLabel(ContainerPostgresReaper.InstanceLabel, tag)
            .WithCommand(new OverwriteEnumerable<string>(ServerArguments(options)));
        if (exchange is not null) builder = builder.WithBindMount(exchange, Exchange);
        var container = builder.Build();
        try
        {
            await container.StartAsync(cancellation).ConfigureAwait(false);
            await FirstQueryAsync(ConnectionString(container.Hostname, container.GetMappedPublicPort(5432), password, "postgres"), cancellation)
                .ConfigureAwait(false);
            return new ContainerPostgres(container, password, options.Image, clock.Elapsed, options.Durable, exchange);
        }
        catch (Exception e)
        {
            if (exchange is not null) Directory.Delete(exchange, recursive: true);
            await container.DisposeAsync().ConfigureAwait(false); // removes what it knows it created
            // A create cancelled in flight (Ctrl-C during the start) can still complete in the daemon, unknown to Testcontainers.
            await ContainerPostgresReaper.RemoveInstanceAsync(tag).ConfigureAwait(false);
            // Testcontainers reports a cancelled wait as a TimeoutException: Ctrl-C is a cancellation (exit 130) all the same.
            cancellation.ThrowIfCancellationRequested();
            if (e is OperationCanceledException || e is RunbookException) throw;
            throw new EnvironmentUnavailableException(
                $"The PostgreSQL container ({options.Image}) did not start: {e.Message.Split('\n')[0].TrimEnd('.')}.", e);
        }
    }

    /// <summary>
    /// Why the Testcontainers backend cannot run here (Docker absent or silent, the image missing), as one sentence with the
    /// fix; null when it can. Asks the daemon at <c>DOCKER_HOST</c> (else the default socket).
    /// </summary>
    public static async Task<string?> UnavailableAsync(string image, TimeSpan timeout, CancellationToken cancellation = default)
    {
        using var docker = DockerEngine.FromEnvironment();
        return await UnavailableAsync(docker, image, timeout, ContainerPostgresOptions.Default.StartTimeout, cancellation).ConfigureAwait(false);
    }

    internal static async Task<string?> UnavailableAsync(DockerEngine docker, string image, TimeSpan timeout, TimeSpan startTimeout, CancellationToken cancellation)
    {
        var (version, why) = await docker.VersionAsync(timeout, cancellation).ConfigureAwait(false);
        if (version is null) return $"Docker does not answer at {docker.Endpoint} ({why}): {Fix}.";
        TestcontainersEnvironment.Prepare(docker, version, startTimeout);
        if (!await docker.HasImageAsync(image, cancellation).ConfigureAwait(false))
            return $"The PostgreSQL image {image} is not on Docker {version.Version} at {docker.Endpoint}: {Fix}.";
        return null;
    }

    /// <summary>
    /// The server's arguments, replacing the module's <c>-c fsync=off ...</c>: in durable mode fsync, synchronous commit
    /// and full page writes stay on, otherwise they are off as in the embedded server. The image's entrypoint puts
    /// <c>postgres</c> in front of flag-only arguments, as the official image's does.
    /// </summary>
    internal static IReadOnlyList<string> ServerArguments(ContainerPostgresOptions options)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal) { ["max_connections"] = "200" };
        foreach (var (k, v) in options.Durable
                     ? new[] { ("fsync", "on"), ("synchronous_commit", "on"), ("full_page_writes", "on") }
                     : [("fsync", "off"), ("synchronous_commit", "off"), ("full_page_writes", "off")])
            settings[k] = v;
        if (options.ArchiveWal)
        {
            settings["wal_level"] = "replica";
            settings["archive_mode"] = "on";
            settings["archive_command"] = $"test ! -f {Exchange}/wal-archive/%f && cp %p {Exchange}/wal-archive/%f && chmod 644 {Exchange}/wal-archive/%f";
        }
        foreach (var (k, v) in options.Settings) settings[k] = v;
        return settings.SelectMany(s => new[] { "-c", $"{s.Key}={s.Value}" }).ToList();
    }

    /// <inheritdoc />
    public async Task<string> CreateDatabaseAsync(string name, string? template = null, CancellationToken cancellation = default)
    {
        await PostgresDatabases.CreateAsync(AdminConnectionString, name, template, cancellation).ConfigureAwait(false);
        return ConnectionStringFor(name);
    }

    /// <inheritdoc />
    public Task DropDatabaseAsync(string name, CancellationToken cancellation = default)
        => PostgresDatabases.DropAsync(AdminConnectionString, name, cancellation);

    /// <summary>Makes <paramref name="database"/> a template others are cloned from (see <see cref="EmbeddedPostgres.FreezeAsTemplateAsync"/>).</summary>
    public Task FreezeAsTemplateAsync(string database, CancellationToken cancellation = default)
        => PostgresDatabases.FreezeAsTemplateAsync(AdminConnectionString, database, cancellation);

    /// <summary>Stops and removes the container. A second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await RemoveAsync().ConfigureAwait(false);
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        RemoveAsync().GetAwaiter().GetResult();
    }

    private async Task RemoveAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await _container.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            // Whatever Testcontainers could not remove (the daemon hiccuped), removed by id: a second try, same outcome wanted.
            using var docker = DockerEngine.FromEnvironment();
            try
            {
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await docker.RemoveAsync(ContainerId, limit.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                // the sweep before the next start removes it
            }
            if (_exchange is not null && Directory.Exists(_exchange)) Directory.Delete(_exchange, recursive: true);
        }
    }

    private static async Task FirstQueryAsync(string connectionString, CancellationToken cancellation)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5 };
        await using var connection = new NpgsqlConnection(b.ConnectionString);
        await connection.OpenAsync(cancellation).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("SELECT 1", connection);
        await cmd.ExecuteScalarAsync(cancellation).ConfigureAwait(false);
    }

    /// <summary>The server's major version as it reports it (<c>server_version_num</c> / 10000).</summary>
    public async Task<int> ServerMajorVersionAsync(CancellationToken cancellation = default)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellation).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("SHOW server_version_num", connection);
        return int.Parse((string)(await cmd.ExecuteScalarAsync(cancellation).ConfigureAwait(false))!, CultureInfo.InvariantCulture) / 10000;
    }
}
