using System.Diagnostics;
using Npgsql;
using Runbooks.Core.Errors;
using Runbooks.Providers.Postgres;

namespace Runbooks.Drills.Environments.Postgres;

/// <summary>
/// A private PostgreSQL server for drills and tests: <c>initdb</c> into a <c>runbooks-pg-*</c> temp directory, the
/// server on a free 127.0.0.1 port (its socket inside that directory), password authentication with a password generated
/// per server (never trust: another local account must not become superuser of a drill's database).
/// </summary>
/// <remarks>
/// <para>
/// Nothing may outlive the run: the server runs as a <see cref="LocalPostgresServer"/>, whose guardian stops it and
/// deletes the directory when this process ends in any way; <see cref="LocalPostgresReaper"/> removes what a killed
/// guardian left before the next server starts.
/// </para>
/// <para>Under root the server runs as the <c>postgres</c> account (see <see cref="ServerAccount"/>).</para>
/// </remarks>
public sealed class EmbeddedPostgres : IPostgresEnvironment
{
    private const string Superuser = "postgres";

    private readonly LocalPostgresServer _server;
    private readonly string _password;

    private EmbeddedPostgres(LocalPostgresServer server, string password, TimeSpan startup, bool durable, string? walArchive)
    {
        _server = server;
        _password = password;
        StartupTime = startup;
        Durable = durable;
        WalArchive = walArchive;
        Endpoint = $"127.0.0.1:{server.Port}";
        AdminConnectionString = ConnectionStringFor("postgres");
    }

    /// <summary>The temp directory holding the cluster (<c>data/</c>), the socket and the server log.</summary>
    public string Directory => _server.Directory;

    /// <summary>The loopback port the server listens on.</summary>
    public int Port => _server.Port;

    /// <summary>The postmaster's process id.</summary>
    public int ServerProcessId => _server.ProcessId;

    /// <summary>
    /// Where the server archives its WAL (<see cref="EmbeddedPostgresOptions.ArchiveWal"/>), for point-in-time recovery
    /// from a base backup; null when it does not.
    /// </summary>
    public string? WalArchive { get; }

    /// <summary>From the call to <see cref="StartAsync"/> to the first successful query.</summary>
    public TimeSpan StartupTime { get; }

    /// <summary>Whether the server keeps PostgreSQL's durability settings.</summary>
    public bool Durable { get; }

    /// <inheritdoc />
    public string Endpoint { get; }

    /// <inheritdoc />
    public string AdminConnectionString { get; }

    /// <inheritdoc />
    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Password = _password,
        Database = database,
    }.ConnectionString;

    /// <summary>
    /// Starts a server and returns once it answers a query. Missing binaries, a failed <c>initdb</c> or a server that
    /// does not come up are an <see cref="EnvironmentUnavailableException"/>, with nothing left behind.
    /// </summary>
    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresOptions? options = null, CancellationToken cancellation = default)
    {
        options ??= EmbeddedPostgresOptions.Default;
        options.Validate();
        var clock = Stopwatch.StartNew(); // a real server starting: real time
        var binaries = PostgresBinaries.Locate();
        var account = ServerAccount.Choose();
        var directory = LocalPostgresServer.CreateDirectory(options.TempRoot ?? Path.GetTempPath(), account);
        try
        {
            var password = GeneratePassword();
            await InitDbAsync(binaries, account, directory, password, cancellation).ConfigureAwait(false);
            string? archive = null;
            if (options.ArchiveWal)
            {
                archive = System.IO.Directory.CreateDirectory(Path.Combine(directory, "wal-archive")).FullName;
                account.Own(archive);
            }
            var server = await LocalPostgresServer.StartAsync(directory, account, Settings(options, archive),
                (port, ct) => AnswersAsync(port, password, ct), options.StartTimeout, cancellation).ConfigureAwait(false);
            return new EmbeddedPostgres(server, password, clock.Elapsed, options.Durable, archive);
        }
        catch
        {
            LocalPostgresServer.Abandon(directory);
            throw;
        }
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

    /// <summary>
    /// Makes <paramref name="database"/> a template others are cloned from with <see cref="CreateDatabaseAsync"/>: closes
    /// the connections to it and refuses new ones (a template with a session open cannot be copied).
    /// </summary>
    public Task FreezeAsTemplateAsync(string database, CancellationToken cancellation = default)
        => PostgresDatabases.FreezeAsTemplateAsync(AdminConnectionString, database, cancellation);

    /// <summary>Stops the server (fast shutdown: open transactions roll back) and deletes the directory. A second call does nothing.</summary>
    public ValueTask DisposeAsync() => _server.DisposeAsync();

    // Letters and digits only: it travels in connection strings and URLs of every form without escaping.
    internal static string GeneratePassword()
        => System.Security.Cryptography.RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789", 32);

    private static async Task InitDbAsync(PostgresBinaries binaries, ServerAccount account, string directory, string password, CancellationToken cancellation)
    {
        // The password reaches initdb through a file only the server's account can read, removed once initdb is done.
        var pwfile = Path.Combine(directory, "pwfile");
        File.WriteAllText(pwfile, password + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(pwfile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        account.Own(pwfile);
        var argv = account.Command(binaries.PathOf("initdb"),
        [
            "--pgdata=" + Path.Combine(directory, "data"), "--username=" + Superuser, "--auth=scram-sha-256", "--pwfile=" + pwfile,
            "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions",
        ]);
        var psi = new ProcessStartInfo(argv[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in argv.Skip(1)) psi.ArgumentList.Add(a);
        ChildEnvironment.FromScratch(psi);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync(cancellation);
        var stdout = p.StandardOutput.ReadToEndAsync(cancellation);
        await p.WaitForExitAsync(cancellation).ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);
        await stdout.ConfigureAwait(false);
        File.Delete(pwfile);
        if (p.ExitCode != 0)
            throw new EnvironmentUnavailableException(
                $"initdb failed in {directory} (exit {p.ExitCode}): {LocalPostgresServer.LastLine(errors)}");
    }

    private static Dictionary<string, string> Settings(EmbeddedPostgresOptions options, string? archive)
    {
        var settings = new Dictionary<string, string>
        {
            ["max_connections"] = "200",
            ["log_min_messages"] = "warning",
        };
        if (!options.Durable)
        {
            // Tests and most drills do not survive a machine crash anyway; these make writes and restores several times faster.
            settings["fsync"] = "off";
            settings["synchronous_commit"] = "off";
            settings["full_page_writes"] = "off";
            settings["wal_level"] = "minimal"; // a table created and filled in one transaction (pg_restore) skips the WAL
            settings["max_wal_senders"] = "0";
            settings["max_wal_size"] = "2GB";
        }
        if (archive is not null)
        {
            // As a self-managed production server archives: every finished WAL segment is copied, never overwritten.
            settings["wal_level"] = "replica";
            settings["max_wal_senders"] = "4";
            settings["archive_mode"] = "on";
            settings["archive_command"] = $"test ! -f '{archive}/%f' && cp '%p' '{archive}/%f'";
        }
        foreach (var (k, v) in options.Settings) settings[k] = v;
        return settings;
    }

    private static async Task<bool> AnswersAsync(int port, string password, CancellationToken cancellation)
    {
        var probe = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = Superuser, Password = password, Database = "postgres", Pooling = false, Timeout = 2,
        }.ConnectionString;
        try
        {
            await using var connection = new NpgsqlConnection(probe);
            await connection.OpenAsync(cancellation).ConfigureAwait(false);
            await using var cmd = new NpgsqlCommand("SELECT 1", connection);
            await cmd.ExecuteScalarAsync(cancellation).ConfigureAwait(false);
            return true;
        }
        catch (NpgsqlException)
        {
            return false; // not accepting connections yet ("the database system is starting up", or refused)
        }
    }
}
