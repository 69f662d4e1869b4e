using System.Collections;
using System.Text.Json;
using Npgsql;
using Runbooks.Core.Errors;

namespace Runbooks.Providers.Postgres;

/// <summary>
/// The <c>Db</c> runbooks call: health checks, queries, migrations, backup and verified restore against one
/// PostgreSQL database, embedded or external alike. Every failure to reach the database is an
/// <see cref="EnvironmentUnavailableException"/> naming <c>host:port/database</c>; the password never appears in a
/// message, a log line or a child process's arguments.
/// </summary>
public sealed class DbClient : IAsyncDisposable
{
    /// <summary>The secret that holds the connection (URL or keyword form) when no environment is chosen.</summary>
    public const string DefaultSecret = "DATABASE_URL";

    private readonly ProviderContext _context;
    private readonly DbClientOptions _options;
    private readonly NpgsqlConnectionStringBuilder _settings;
    private readonly NpgsqlDataSource _source;
    private DbMigrations? _migrations;

    /// <summary>Creates a client; invalid options throw here, not on first use.</summary>
    public DbClient(ProviderContext context, DbClientOptions options)
    {
        _context = context;
        _options = options;
        _settings = options.Validate();
        // A password alone (not only the whole URL) must be masked too: a driver message could quote it.
        context.Secrets.Redactor.Add(_settings.Password, $"the password in {options.Source}");
        Endpoint = DatabaseUrl.Describe(_settings);
        context.Endpoints.EnsureHostAllowed(_settings.Host, Endpoint, $"the database in {options.Source}");
        _source = NpgsqlDataSource.Create(_settings.ConnectionString);
    }

    /// <summary>
    /// The client for a run: the connection from <c>DATABASE_URL</c>, or under <c>--env NAME</c> from <c>NAME_DATABASE_URL</c>
    /// only (e.g. <c>STAGING_DATABASE_URL</c>). There is no fallback from one to the other: a staging run that quietly
    /// connected to the production database is the accident this prevents, so a missing one is exit 2 naming it.
    /// </summary>
    public static DbClient FromContext(ProviderContext context)
    {
        context.Endpoints.EnsurePresent("Db");
        var secret = SecretFor(context.EnvironmentName);
        var value = context.EnvironmentName is { Length: > 0 } env
            ? context.Secrets.TryGet(secret)
                ?? throw new BadInputException($"Secret {secret} is not set: under --env {env} the database comes from {secret} only, never from {DefaultSecret}.")
            : context.Secrets.Get(secret);
        return new DbClient(context, new DbClientOptions { ConnectionString = value, Source = secret });
    }

    /// <summary>The secret that holds the connection under <c>--env <paramref name="environment"/></c>: <c>NAME_DATABASE_URL</c>, or <c>DATABASE_URL</c> with no environment.</summary>
    public static string SecretFor(string? environment)
        => environment is { Length: > 0 } env ? env.ToUpperInvariant().Replace('-', '_') + "_" + DefaultSecret : DefaultSecret;

    /// <summary><c>host:port/database</c>: how logs and errors name this database.</summary>
    public string Endpoint { get; }

    /// <summary>The database's name.</summary>
    public string Database => _settings.Database ?? _settings.Username ?? "postgres";

    /// <summary>The migrations in the folder the options name, or the first of <c>db/migrations</c>, <c>drills/db/migrations</c> that exists.</summary>
    public DbMigrations Migrations => _migrations ??= new DbMigrations(this, _options.MigrationsDirectory
        ?? DbClientOptions.ConventionalMigrationDirectories.FirstOrDefault(Directory.Exists)
        ?? throw new BadInputException("No migrations folder: create db/migrations or call Db.MigrationsIn(folder)."));

    /// <summary>The migrations in <paramref name="directory"/>.</summary>
    public DbMigrations MigrationsIn(string directory) => new(this, directory);

    /// <summary>Seed 004's database health check: <c>SELECT 1</c>, exact row counts (of <paramref name="tables"/>, or of every table), connections.</summary>
    public async Task<DbHealth> Health(IEnumerable<string>? tables = null, CancellationToken cancellation = default)
    {
        var started = Time.GetTimestamp();
        return await With(async (c, ct) =>
        {
            await Scalar<int>(c, "SELECT 1", null, ct).ConfigureAwait(false);
            var latency = (long)Time.GetElapsedTime(started).TotalMilliseconds;
            var names = tables?.ToList() ?? await TableChecksums.TakeNamesAsync(c, ct).ConfigureAwait(false);
            var rows = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var t in names)
                rows[t] = await Scalar<long>(c, $"SELECT count(*) FROM {SqlIdentifier.QuoteTable(t)}", null, ct).ConfigureAwait(false);
            var version = await Scalar<string>(c, "SHOW server_version", null, ct).ConfigureAwait(false);
            await using var cmd = new NpgsqlCommand("""
                SELECT count(*)::int, count(*) FILTER (WHERE state = 'active')::int
                FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'
                """, c);
            await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await reader.ReadAsync(ct).ConfigureAwait(false);
            var (connections, active) = (reader.GetInt32(0), reader.GetInt32(1));
            await reader.DisposeAsync().ConfigureAwait(false);
            var readOnly = await Scalar<string>(c, "SHOW default_transaction_read_only", null, ct).ConfigureAwait(false) == "on";
            var query = await ProbeLatencyAsync(c, HealthLatencyProbes, ct).ConfigureAwait(false);
            return new DbHealth(Endpoint, version!.Split(' ')[0], latency, rows, connections, active, readOnly) { Query = query };
        }, cancellation).ConfigureAwait(false);
    }

    /// <summary>How many <c>SELECT 1</c> probes <see cref="Health"/> times for <see cref="DbHealth.Query"/>.</summary>
    public const int HealthLatencyProbes = 10;

    /// <summary>
    /// Times <c>SELECT 1</c> <paramref name="probes"/> times on one open connection (seed 001's query latency): the mean,
    /// the exact p95 and the slowest. More probes than <see cref="Health"/> takes make a steadier p95.
    /// </summary>
    public Task<DbQueryLatency> QueryLatency(int probes = 20, CancellationToken cancellation = default)
    {
        if (probes < 1) throw new ArgumentOutOfRangeException(nameof(probes), probes, "At least one probe is needed.");
        return With((c, ct) => ProbeLatencyAsync(c, probes, ct), cancellation);
    }

    // One command on one open connection, sent again and again: each probe is a round trip and the server's work, not a connect.
    private async Task<DbQueryLatency> ProbeLatencyAsync(NpgsqlConnection connection, int probes, CancellationToken cancellation)
    {
        var samples = new TimeSpan[probes];
        await using var cmd = new NpgsqlCommand("SELECT 1", connection);
        for (var i = 0; i < probes; i++)
        {
            var started = Time.GetTimestamp();
            await cmd.ExecuteScalarAsync(cancellation).ConfigureAwait(false);
            samples[i] = Time.GetElapsedTime(started);
        }
        return DbQueryLatency.Of(samples);
    }

    /// <summary>
    /// Runs a query and returns its rows as column-to-value maps. Parameters are named <c>@name</c> in the SQL and given
    /// as an anonymous object (<c>new { id = 42 }</c>) or a dictionary.
    /// </summary>
    public Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> Query(string sql, object? parameters = null,
        CancellationToken cancellation = default)
        => With<IReadOnlyList<IReadOnlyDictionary<string, object?>>>(async (c, ct) =>
        {
            await using var cmd = Command(c, sql, parameters);
            await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var rows = new List<IReadOnlyDictionary<string, object?>>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var row = new Dictionary<string, object?>(reader.FieldCount, StringComparer.Ordinal);
                for (var i = 0; i < reader.FieldCount; i++) row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                rows.Add(row);
            }
            return rows;
        }, cancellation);

    /// <summary>Runs a query and returns the first column of the first row converted to <typeparamref name="T"/> (default when no row or NULL).</summary>
    public Task<T?> Scalar<T>(string sql, object? parameters = null, CancellationToken cancellation = default)
        => With((c, ct) => Scalar<T>(c, sql, parameters, ct), cancellation);

    /// <summary>Runs a statement and returns the rows it affected.</summary>
    public Task<int> Execute(string sql, object? parameters = null, CancellationToken cancellation = default)
        => With(async (c, ct) =>
        {
            await using var cmd = Command(c, sql, parameters);
            return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellation);

    /// <summary>Row counts and checksums of every table now.</summary>
    public Task<DbSnapshot> Snapshot(CancellationToken cancellation = default)
        => With((c, ct) => TableChecksums.TakeAsync(c, null, Time, ct), cancellation);

    /// <summary>
    /// Takes a snapshot and compares it with <paramref name="expected"/> (e.g. from before an incident, or a backup's);
    /// any difference fails with one sentence listing them. Returns the snapshot taken.
    /// </summary>
    public async Task<DbSnapshot> Verify(DbSnapshot expected, CancellationToken cancellation = default)
    {
        var actual = await Snapshot(cancellation).ConfigureAwait(false);
        var differences = expected.Differences(actual);
        if (differences.Count > 0)
            throw new RunbookException($"Database {Endpoint} does not match the expected snapshot: {string.Join("; ", differences)}.",
                ExitCodes.Failed);
        Log($"Verified {Endpoint}: {actual.Tables.Count} tables, {actual.TotalRows} rows match row counts and checksums.");
        return actual;
    }

    /// <summary>
    /// Backs the database up with <c>pg_dump -Fc</c> to <c>DATABASE-yyyyMMdd-HHmmss-fff.dump</c> in <paramref name="directory"/>
    /// (default <c>.runbooks/backups</c>), and writes the snapshot of the same moment beside it, so a restore can be proven.
    /// </summary>
    public Task<DbBackup> Backup(string? directory = null, CancellationToken cancellation = default)
        => DbBackupRunner.BackupAsync(this, directory ?? _options.BackupDirectory, DbBackupFormat.Custom, cancellation);

    /// <summary>
    /// Backs the database up as <see cref="Backup(string?, CancellationToken)"/> does, in <paramref name="format"/>:
    /// <see cref="DbBackupFormat.Plain"/> writes <c>DATABASE-yyyyMMdd-HHmmss-fff.sql</c>, the script <c>pg_dump &gt; file.sql</c> makes.
    /// </summary>
    public Task<DbBackup> Backup(string? directory, DbBackupFormat format, CancellationToken cancellation = default)
        => DbBackupRunner.BackupAsync(this, directory ?? _options.BackupDirectory, format, cancellation);

    /// <summary>
    /// Restores a backup, all or nothing, into this database, after dropping what the backup recreates. A
    /// <c>pg_dump -Fc</c> file (it starts with <c>PGDMP</c>) goes through <c>pg_restore --clean --if-exists
    /// --single-transaction</c>; a plain SQL file is first loaded into a scratch database (which gives its content and the
    /// objects to drop), then run with <c>psql --single-transaction</c> and <c>ON_ERROR_STOP</c> after the same drops
    /// <c>--clean --if-exists</c> makes, and a failure names the file and line. When <paramref name="verify"/>, the tables
    /// are compared with the snapshot saved beside the backup or, for a plain file without one, the scratch database's;
    /// a mismatch fails.
    /// </summary>
    public Task<DbRestore> Restore(string file, bool verify = true, CancellationToken cancellation = default)
        => DbBackupRunner.RestoreAsync(this, file, verify, cancellation);

    /// <summary>The counts and checksums saved beside <paramref name="backupFile"/> when it was made; bad input when there are none.</summary>
    public DbSnapshot SnapshotOfBackup(string backupFile) => DbBackupRunner.ReadSnapshot(backupFile)
        ?? throw new BadInputException($"{DbBackup.SnapshotFileOf(Path.GetFullPath(backupFile))} does not exist: the backup's content is not known.");

    /// <summary>The format of <paramref name="backupFile"/>, read from its first bytes.</summary>
    public DbBackupFormat BackupFormatOf(string backupFile) => DbBackupRunner.FormatOf(Path.GetFullPath(backupFile));

    /// <summary>The newest <c>*.dump</c> or <c>*.sql</c> in <paramref name="directory"/> (default: the backup folder), or null when there is none.</summary>
    public string? LatestBackup(string? directory = null)
    {
        var folder = Path.GetFullPath(directory ?? _options.BackupDirectory);
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.dump").Concat(Directory.GetFiles(folder, "*.sql"))
                .OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            : null;
    }

    /// <summary>
    /// Takes a base backup of the whole cluster into <paramref name="directory"/> (<c>pg_basebackup</c>, plain format, no
    /// WAL of its own: the server's WAL archive supplies it), the starting point of a point-in-time copy. The folder must
    /// not exist or be empty. Needs a replication connection as the run's user.
    /// </summary>
    public async Task<string> BaseBackup(string directory, CancellationToken cancellation = default)
    {
        var folder = Path.GetFullPath(directory);
        var started = Time.GetTimestamp();
        await PostgresTool.RunAsync("pg_basebackup",
            ["--pgdata=" + folder, "--format=plain", "--wal-method=none", "--checkpoint=fast", "--no-sync"], this, null, cancellation).ConfigureAwait(false);
        Log($"Base backup of {Endpoint} in {folder} ({(long)Time.GetElapsedTime(started).TotalMilliseconds} ms).");
        return folder;
    }

    /// <summary>The point-in-time recovery material of a self-managed server: a base backup and its WAL archive.</summary>
    public WalArchive Archive(string baseBackupDirectory, string walDirectory) => new(baseBackupDirectory, walDirectory);

    /// <summary>
    /// Puts back what <paramref name="corruption"/> took from its table, from <paramref name="copy"/> (recovered to just
    /// before it): the rows it deleted, and the earlier content of the rows it changed that nobody wrote again since.
    /// Everything written since stays. One transaction.
    /// </summary>
    public Task<DbRepair> Repair(PointInTimeCopy copy, CorruptingTransaction corruption, CancellationToken cancellation = default)
        => DbRepairRunner.RepairAsync(this, copy, corruption.Table, corruption, cancellation);

    /// <summary>
    /// Puts back the rows of <paramref name="table"/> that <paramref name="copy"/> has and the live table lacks (by primary
    /// key), for a copy built from a time or LSN rather than from the corrupting transaction (a point-in-time copy, a
    /// provider's restored branch). Rows that differ are kept as they are and counted: without the WAL, a changed row
    /// cannot be told from a user's later write.
    /// </summary>
    public Task<DbRepair> Repair(DbCopy copy, string table, CancellationToken cancellation = default)
        => DbRepairRunner.RepairAsync(this, copy, table, null, cancellation);

    /// <summary>
    /// As <see cref="Repair(DbCopy, string, CancellationToken)"/>, with <paramref name="rule"/> deciding rows that differ:
    /// <see cref="DbRepairRule.CopyWins"/> puts back the copy's content too (the state saved before an in-place restore
    /// holds the users' latest writes). Owned sequences are moved past the ids put back either way.
    /// </summary>
    public Task<DbRepair> Repair(DbCopy copy, string table, DbRepairRule rule, CancellationToken cancellation = default)
        => DbRepairRunner.RepairAsync(this, copy, table, null, cancellation, rule);

    /// <summary>
    /// A copy reached by <paramref name="connection"/> (a URL or keyword connection string, e.g. a Neon recovery branch's
    /// from its secret): checked against the run's endpoint policy, its password masked from every output. Disposing it
    /// leaves the database as it is.
    /// </summary>
    public DbCopy CopyAt(string connection, string source = "the copy's secret")
    {
        var settings = new DbClientOptions { ConnectionString = connection, Source = source }.Validate();
        _context.Secrets.Redactor.Add(settings.Password, $"the password in {source}");
        var endpoint = DatabaseUrl.Describe(settings);
        _context.Endpoints.EnsureHostAllowed(settings.Host, endpoint, $"the database in {source}");
        settings.Pooling = false;
        return new ConnectedCopy(settings.ConnectionString, endpoint);
    }

    /// <summary>
    /// Loads <paramref name="backupFile"/> (a <c>pg_dump -Fc</c> file from <see cref="Backup(string?, CancellationToken)"/>)
    /// into a new scratch database on this server and returns it as a copy to repair from; disposing it drops the scratch
    /// database. What an in-place restore needs: the state saved before it, readable after it. Needs CREATEDB.
    /// </summary>
    public Task<DbCopy> LoadCopy(string backupFile, CancellationToken cancellation = default)
        => DbBackupRunner.LoadCopyAsync(this, backupFile, cancellation);

    /// <summary>
    /// Stops writes (seed 001 "Stop all database writes"): new transactions of this database become read-only and every
    /// other client connection is ended. <see cref="Restore"/> and <see cref="ResumeWrites"/> still work.
    /// </summary>
    public Task<int> StopWrites(CancellationToken cancellation = default)
        => With(async (c, ct) =>
        {
            await using (var alter = new NpgsqlCommand($"ALTER DATABASE {SqlIdentifier.Quote(Database)} SET default_transaction_read_only = on", c))
                await alter.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            var ended = await EndOtherSessions(c, ct).ConfigureAwait(false);
            Log($"Writes stopped on {Endpoint}: new transactions are read-only; {ended} client connections ended.");
            return ended;
        }, cancellation);

    /// <summary>
    /// Lets writes resume after <see cref="StopWrites"/>. Sessions opened during the stop keep their read-only default
    /// until they reconnect, so the other client connections are ended once more: the application's pool reconnects
    /// them writable.
    /// </summary>
    public Task<int> ResumeWrites(CancellationToken cancellation = default)
        => With(async (c, ct) =>
        {
            // This session started read-only too; SET is allowed in a read-only session, ALTER only after it.
            await using (var writable = new NpgsqlCommand("SET default_transaction_read_only = off", c))
                await writable.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await using (var alter = new NpgsqlCommand($"ALTER DATABASE {SqlIdentifier.Quote(Database)} RESET default_transaction_read_only", c))
                await alter.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            var ended = await EndOtherSessions(c, ct).ConfigureAwait(false);
            Log($"Writes resumed on {Endpoint}; {ended} read-only client connections ended so they reconnect writable.");
            return ended;
        }, cancellation);

    /// <summary>Closes the pooled connections.</summary>
    public ValueTask DisposeAsync() => _source.DisposeAsync();

    internal NpgsqlConnectionStringBuilder Settings => _settings;

    /// <summary>The run's context: its redactor for child-process output, its endpoint policy for child processes.</summary>
    internal ProviderContext Context => _context;

    internal TimeProvider Time => _context.Time;

    internal CancellationToken Cancellation => _context.Cancellation;

    internal void Log(string message) => _context.Log.Log(message);

    internal void ClearPool() => _source.Clear();

    /// <summary>Opens a connection; failing to reach the database is exit 3 naming the endpoint.</summary>
    internal async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellation)
    {
        try
        {
            return await _source.OpenConnectionAsync(cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (DbErrors.Translate(e, Endpoint) is { } translated)
        {
            throw translated;
        }
    }

    private async Task<T> With<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellation)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _context.Cancellation);
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await OpenAsync(linked.Token).ConfigureAwait(false);
            try
            {
                return await work(connection, linked.Token).ConfigureAwait(false);
            }
            catch (PostgresException e) when (attempt == 1 && e.SqlState is "57P01" or "57P02")
            {
                // A pooled session the server ended meanwhile (a restore, a failover, StopWrites of another client): its
                // transaction did not commit, so the work runs once more on a fresh connection.
                _source.Clear();
            }
            catch (Exception e) when (DbErrors.Translate(e, Endpoint) is { } translated)
            {
                throw translated;
            }
        }
    }

    private static async Task<T?> Scalar<T>(NpgsqlConnection c, string sql, object? parameters, CancellationToken ct)
    {
        await using var cmd = Command(c, sql, parameters);
        var value = await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
        if (value is null or DBNull) return default;
        if (value is T t) return t;
        return (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<int> EndOtherSessions(NpgsqlConnection c, CancellationToken ct)
    {
        var ended = await Scalar<long>(c, """
            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
            """, null, ct).ConfigureAwait(false);
        _source.Clear(); // our own pooled connections were among those ended
        return (int)ended;
    }

    private static NpgsqlCommand Command(NpgsqlConnection c, string sql, object? parameters)
    {
        var cmd = new NpgsqlCommand(sql, c);
        switch (parameters)
        {
            case null: break;
            case IDictionary dictionary:
                foreach (DictionaryEntry e in dictionary) cmd.Parameters.AddWithValue(e.Key.ToString()!, e.Value ?? DBNull.Value);
                break;
            case JsonElement:
                throw new BadInputException("Query parameters must be an object or a dictionary, not JSON.");
            default:
                foreach (var p in parameters.GetType().GetProperties())
                    cmd.Parameters.AddWithValue(p.Name, p.GetValue(parameters) ?? DBNull.Value);
                break;
        }
        return cmd;
    }
}
