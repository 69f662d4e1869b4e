using System.Diagnostics;
using Npgsql;
using Runbooks.Core.Errors;

namespace Runbooks.Providers.Postgres;

/// <summary>
/// A copy of a cluster as of a past moment, built by <see cref="WalArchive.RestoreCopy"/>: the base backup replayed
/// from the WAL archive on a private server on 127.0.0.1, paused (read-only) at the target, so nothing can change it
/// while rows are copied out of it. Stopped and deleted when disposed, or when this process ends in any way.
/// </summary>
public sealed class PointInTimeCopy : DbCopy
{
    private static readonly string[] StandbyMustMatch =
        ["max_connections", "max_worker_processes", "max_wal_senders", "max_prepared_transactions", "max_locks_per_transaction"];

    private readonly LocalPostgresServer _server;

    private PointInTimeCopy(LocalPostgresServer server, string connectionString, PointInTimeTarget target, DateTimeOffset? reachedAt, string? replayedLsn,
        TimeSpan elapsed)
    {
        _server = server;
        ConnectionString = connectionString;
        Target = target;
        ReachedAt = reachedAt;
        ReplayedLsn = replayedLsn;
        Elapsed = elapsed;
        Endpoint = $"127.0.0.1:{server.Port}/{new NpgsqlConnectionStringBuilder(connectionString).Database}";
    }

    /// <inheritdoc />
    public override string Endpoint { get; }

    /// <summary>What the copy was recovered to.</summary>
    public PointInTimeTarget Target { get; }

    /// <summary>The commit time of the last transaction the copy holds; null when none was replayed since the base backup.</summary>
    public DateTimeOffset? ReachedAt { get; }

    /// <summary>The WAL location replay stopped at.</summary>
    public string? ReplayedLsn { get; }

    /// <summary>How long building the copy took (real time: a restore).</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Npgsql connection string of the live database's twin in the copy. Holds the live password: never logged.</summary>
    internal string ConnectionString { get; }

    /// <summary>Stops the copy's server and deletes its files.</summary>
    public override ValueTask DisposeAsync() => _server.DisposeAsync();

    internal override async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellation)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellation).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Builds the copy; <paramref name="timeout"/> bounds the replay (default 15 minutes).</summary>
    internal static async Task<PointInTimeCopy> StartAsync(WalArchive archive, DbClient live, PointInTimeTarget target, TimeSpan? timeout,
        CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew(); // a restore on this machine: real time
        var settings = new Dictionary<string, string>(target.RecoverySettings())
        {
            ["restore_command"] = $"cp '{archive.WalDirectory}/%f' '%p'",
            ["recovery_target_action"] = "pause", // held at the target, read-only: nothing can change the copy under the repair
            ["hot_standby"] = "on",
            ["archive_mode"] = "off",
            ["log_min_messages"] = "warning",
        };
        // A hot standby refuses to start with fewer of these than the server whose WAL it replays.
        var rows = await live.Query("SELECT name, setting FROM pg_settings WHERE name = ANY(@names)", new { names = StandbyMustMatch }, cancellation)
            .ConfigureAwait(false);
        foreach (var row in rows) settings[(string)row["name"]!] = (string)row["setting"]!;

        RequireSameMajorVersion(archive);
        var account = ServerAccount.Choose();
        var directory = LocalPostgresServer.CreateDirectory(archive.CopiesDirectory, account);
        try
        {
            var data = Path.Combine(directory, "data");
            CopyTree(archive.BaseBackupDirectory, data, account);
            File.WriteAllText(Path.Combine(data, "recovery.signal"), "");
            account.Own(Path.Combine(data, "recovery.signal"));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            var copy = new NpgsqlConnectionStringBuilder(live.Settings.ConnectionString) { Host = "127.0.0.1", Pooling = false, SslMode = SslMode.Disable };
            var server = await LocalPostgresServer.StartAsync(directory, account, settings,
                (port, ct) => PausedAtTargetAsync(copy, port, ct), timeout ?? TimeSpan.FromMinutes(15), cancellation).ConfigureAwait(false);
            copy.Port = server.Port;
            await using var connection = new NpgsqlConnection(copy.ConnectionString);
            await connection.OpenAsync(cancellation).ConfigureAwait(false);
            await using var where = new NpgsqlCommand("SELECT pg_last_xact_replay_timestamp(), pg_last_wal_replay_lsn()::text", connection);
            await using var reader = await where.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
            await reader.ReadAsync(cancellation).ConfigureAwait(false);
            DateTimeOffset? reached = reader.IsDBNull(0) ? null : new DateTimeOffset(reader.GetDateTime(0).ToUniversalTime(), TimeSpan.Zero);
            var lsn = reader.IsDBNull(1) ? null : reader.GetString(1);
            return new PointInTimeCopy(server, copy.ConnectionString, target, reached, lsn, clock.Elapsed);
        }
        catch (EnvironmentUnavailableException e) when (e.Message.Contains("recovery ended before", StringComparison.Ordinal))
        {
            LocalPostgresServer.Abandon(directory);
            throw new RunbookException($"WAL archive {archive.WalDirectory} ends before {target}: the copy cannot reach it.", ExitCodes.Failed);
        }
        catch
        {
            LocalPostgresServer.Abandon(directory);
            throw;
        }
    }

    // A cluster's files and WAL are readable only by the major version that wrote them: say so before replaying anything.
    private static void RequireSameMajorVersion(WalArchive archive)
    {
        var backup = File.ReadAllText(Path.Combine(archive.BaseBackupDirectory, "PG_VERSION")).Trim();
        var binaries = PostgresBinaries.Locate();
        var psi = new ProcessStartInfo(binaries.PathOf("postgres"), "--version") { RedirectStandardOutput = true, UseShellExecute = false };
        ChildEnvironment.FromScratch(psi);
        using var p = Process.Start(psi)!;
        var version = p.StandardOutput.ReadToEnd(); // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
        p.WaitForExit();
        var here = System.Text.RegularExpressions.Regex.Match(version, @"\) (\d+)").Groups[1].Value;
        if (here != backup)
            throw new EnvironmentUnavailableException(
                $"The base backup in {archive.BaseBackupDirectory} is PostgreSQL {backup} and this machine's binaries ({binaries.Directory}) are {here}: a copy needs the same major version (RUNBOOKS_PG_BINDIR names another installation).");
    }

    private static async Task<bool> PausedAtTargetAsync(NpgsqlConnectionStringBuilder copy, int port, CancellationToken cancellation)
    {
        var probe = new NpgsqlConnectionStringBuilder(copy.ConnectionString) { Port = port, Timeout = 2 };
        try
        {
            await using var connection = new NpgsqlConnection(probe.ConnectionString);
            await connection.OpenAsync(cancellation).ConfigureAwait(false);
            await using var cmd = new NpgsqlCommand("SELECT pg_get_wal_replay_pause_state()", connection);
            return (string?)await cmd.ExecuteScalarAsync(cancellation).ConfigureAwait(false) == "paused";
        }
        catch (NpgsqlException)
        {
            return false; // still replaying to a consistent state: not accepting connections yet
        }
    }

    private static void CopyTree(string from, string to, ServerAccount account)
    {
        Directory.CreateDirectory(to);
        account.Own(to);
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, dir));
            Directory.CreateDirectory(target);
            account.Own(target);
        }
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            File.Copy(file, target);
            account.Own(target);
        }
    }
}
