using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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
/// Nothing may outlive the run. The server is started by a small guardian shell (in its own session, so a terminal's
/// Ctrl-C does not stop the database under a runbook still finishing its step) that reads a pipe from this process:
/// when the pipe closes, because <see cref="DisposeAsync"/> closed it or because this process ended in any way (exit,
/// Ctrl-C, SIGTERM, SIGKILL, crash), the guardian stops the server and deletes the directory. Signal handlers could
/// not do this: .NET runs them last-registered first, so ours could not know whether the host will cancel the signal
/// and keep running. Should the guardian itself be killed, <see cref="EmbeddedPostgresReaper"/> removes the leftovers
/// before the next server starts.
/// </para>
/// <para>Under root the server runs as the <c>postgres</c> account (see <see cref="ServerAccount"/>).</para>
/// </remarks>
public sealed class EmbeddedPostgres : IPostgresEnvironment
{
    private const string Superuser = "postgres";

    // $1 = directory, the rest = the server command. Blocks on stdin until EOF, then stops the server and cleans up.
    private const string GuardianScript = """
        dir=$1; shift
        exec >/dev/null 2>&1
        "$@" >>"$dir/server.log" 2>&1 </dev/null &
        pg=$!
        echo "$pg" >"$dir/server.pid"
        while read -r _; do :; done
        kill -INT "$pg"
        ( trap 'kill "$s"; exit' TERM; sleep 10 & s=$!; wait "$s"; kill -KILL "$pg" ) &
        killer=$!
        wait "$pg"
        kill -TERM "$killer"
        rm -rf "$dir"
        """;

    private readonly Process _guardian;
    private readonly string _password;
    private int _disposed;

    private EmbeddedPostgres(string directory, int port, string password, Process guardian, int serverPid, TimeSpan startup, bool durable)
    {
        _password = password;
        Directory = directory;
        Port = port;
        _guardian = guardian;
        ServerProcessId = serverPid;
        StartupTime = startup;
        Durable = durable;
        Endpoint = $"127.0.0.1:{port}";
        AdminConnectionString = ConnectionStringFor("postgres");
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The temp directory holding the cluster (<c>data/</c>), the socket and the server log.</summary>
    public string Directory { get; }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The postmaster's process id.</summary>
    public int ServerProcessId { get; }

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
        var root = options.TempRoot ?? Path.GetTempPath();
        EmbeddedPostgresReaper.Sweep(root);
        var binaries = PostgresBinaries.Locate();
        var account = ServerAccount.Choose();

        // A port chosen free can be taken before the server binds it; such a start is retried on a new port.
        for (var attempt = 1; ; attempt++)
        {
            var directory = Path.Combine(root,
                $"{EmbeddedPostgresReaper.DirectoryPrefix}{System.Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
            System.IO.Directory.CreateDirectory(directory);
            Process? guardian = null;
            try
            {
                EmbeddedPostgresReaper.MarkOwned(directory);
                account.Own(directory);
                var password = GeneratePassword();
                await InitDbAsync(binaries, account, directory, password, cancellation).ConfigureAwait(false);
                var port = FreePort();
                guardian = StartGuardian(binaries, account, directory, port, options);
                var pid = await WaitUntilReadyAsync(directory, port, password, options.StartTimeout, cancellation).ConfigureAwait(false);
                return new EmbeddedPostgres(directory, port, password, guardian, pid, clock.Elapsed, options.Durable);
            }
            catch (PortTakenException) when (attempt < 3)
            {
                await StopAsync(guardian, directory).ConfigureAwait(false);
            }
            catch
            {
                await StopAsync(guardian, directory).ConfigureAwait(false);
                throw;
            }
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
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await StopAsync(_guardian, Directory).ConfigureAwait(false);
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        // The guardian would clean up after us anyway; waiting here just means the directory is gone when we are.
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        StopAsync(_guardian, Directory).GetAwaiter().GetResult();
    }

    private static async Task StopAsync(Process? guardian, string directory)
    {
        if (guardian is not null)
        {
            try
            {
                guardian.StandardInput.Close(); // EOF: the guardian stops the server and removes the directory
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await guardian.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                guardian.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // never started
            }
            guardian.Dispose();
        }
        // Whatever the guardian could not do (it was killed, or never started), done here.
        EmbeddedPostgresReaper.StopServer(directory);
        EmbeddedPostgresReaper.TryDelete(directory);
    }

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
        psi.Environment["LC_ALL"] = "C";
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync(cancellation);
        var stdout = p.StandardOutput.ReadToEndAsync(cancellation);
        await p.WaitForExitAsync(cancellation).ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);
        await stdout.ConfigureAwait(false);
        File.Delete(pwfile);
        if (p.ExitCode != 0)
            throw new EnvironmentUnavailableException(
                $"initdb failed in {directory} (exit {p.ExitCode}): {LastLine(errors)}");
    }

    private static Process StartGuardian(PostgresBinaries binaries, ServerAccount account, string directory, int port,
        EmbeddedPostgresOptions options)
    {
        var settings = new Dictionary<string, string>
        {
            ["listen_addresses"] = "127.0.0.1",
            ["unix_socket_directories"] = directory,
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
        foreach (var (k, v) in options.Settings) settings[k] = v;
        var server = account.Command(binaries.PathOf("postgres"),
            new[] { "-D", Path.Combine(directory, "data"), "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) }
                .Concat(settings.SelectMany(s => new[] { "-c", $"{s.Key}={s.Value}" })));

        var psi = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var a in new[] { "sh", "-c", GuardianScript, "runbooks-pg-guardian", directory }.Concat(server)) psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = "C"; // "could not bind" is matched below and must not be translated
        return Process.Start(psi)!;
    }

    private static async Task<int> WaitUntilReadyAsync(string directory, int port, string password, TimeSpan timeout, CancellationToken cancellation)
    {
        var probe = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = Superuser, Password = password, Database = "postgres", Pooling = false, Timeout = 2,
        }.ConnectionString;
        var waited = Stopwatch.StartNew();
        var pidFile = Path.Combine(directory, "server.pid");
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var pid = File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var p) ? p : 0;
            if (pid > 0 && !ProcessSignals.IsAlive(pid))
            {
                var log = ReadLog(directory);
                if (log.Contains("could not bind", StringComparison.Ordinal) || log.Contains("already in use", StringComparison.Ordinal))
                    throw new PortTakenException();
                throw new EnvironmentUnavailableException($"PostgreSQL in {directory} stopped while starting: {LastLine(log)}");
            }
            if (pid > 0)
            {
                try
                {
                    await using var connection = new NpgsqlConnection(probe);
                    await connection.OpenAsync(cancellation).ConfigureAwait(false);
                    await using var cmd = new NpgsqlCommand("SELECT 1", connection);
                    await cmd.ExecuteScalarAsync(cancellation).ConfigureAwait(false);
                    return pid;
                }
                catch (NpgsqlException) when (waited.Elapsed < timeout)
                {
                    // not accepting connections yet ("the database system is starting up", or refused)
                }
            }
            if (waited.Elapsed >= timeout)
                throw new EnvironmentUnavailableException(
                    $"PostgreSQL in {directory} did not accept connections on 127.0.0.1:{port} within {timeout.TotalSeconds:0} s: {LastLine(ReadLog(directory))}");
            await Task.Delay(20, cancellation).ConfigureAwait(false);
        }
    }

    private static string ReadLog(string directory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(directory, "server.log"));
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static string LastLine(string text)
        => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class PortTakenException : Exception;
}
