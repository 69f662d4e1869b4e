using Npgsql;
using Runbooks.Core.Errors;

namespace Runbooks.Providers.Postgres;

/// <summary>
/// Numbered up/down SQL files applied to and rolled back from a database, recorded in <c>schema_migrations</c>
/// (seed 004, "Type 1: Migration Rollback"). Each file runs in its own transaction together with its
/// <c>schema_migrations</c> row, so a failed file leaves the database at the version before it. An advisory lock keeps
/// two runbooks from migrating the same database at once.
/// </summary>
public sealed class DbMigrations
{
    private const long LockKey = 0x52554E424F4F4B; // "RUNBOOK": any constant shared by every runbooks process

    private const string CreateTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    bigint PRIMARY KEY,
            name       text NOT NULL,
            checksum   text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now(),
            stable     boolean NOT NULL DEFAULT false
        )
        """;

    private readonly DbClient _db;

    internal DbMigrations(DbClient db, string directory)
    {
        _db = db;
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The folder of <c>NNNN_name.up.sql</c>/<c>NNNN_name.down.sql</c> files.</summary>
    public string Directory { get; }

    /// <summary>Current version, last stable version, and every migration applied or pending.</summary>
    public async Task<MigrationStatus> Status(CancellationToken cancellation = default)
    {
        var files = MigrationFile.Discover(Directory);
        await using var connection = await _db.OpenAsync(cancellation).ConfigureAwait(false);
        var applied = await ReadAppliedAsync(connection, null, cancellation).ConfigureAwait(false);
        var byVersion = files.ToDictionary(f => f.Version);
        var states = files.Select(f => applied.TryGetValue(f.Version, out var a)
                ? new MigrationState(f.Version, f.Name, true, a.AppliedAt, a.Stable, a.Checksum != f.Checksum(), f.DownPath is not null)
                : new MigrationState(f.Version, f.Name, false, null, false, false, f.DownPath is not null))
            .Concat(applied.Values.Where(a => !byVersion.ContainsKey(a.Version))
                .Select(a => new MigrationState(a.Version, a.Name, true, a.AppliedAt, a.Stable, false, false)))
            .OrderBy(s => s.Version)
            .ToList();
        return new MigrationStatus(applied.Count == 0 ? null : applied.Keys.Max(),
            applied.Values.Where(a => a.Stable).Select(a => (long?)a.Version).Max(), states);
    }

    /// <summary>The highest applied version marked stable, or null when none is.</summary>
    public async Task<long?> LastStable(CancellationToken cancellation = default)
        => (await Status(cancellation).ConfigureAwait(false)).LastStable;

    /// <summary>Applies every pending migration (up to <paramref name="target"/>, if given), in version order.</summary>
    public Task<MigrationRun> Apply(long? target = null, CancellationToken cancellation = default)
        => Locked(async (connection, applied, ct) =>
        {
            var pending = MigrationFile.Discover(Directory)
                .Where(f => !applied.ContainsKey(f.Version) && (target is null || f.Version <= target)).ToList();
            var current = applied.Count == 0 ? (long?)null : applied.Keys.Max();
            var run = new List<string>();
            foreach (var file in pending)
            {
                await RunFileAsync(connection, file.UpPath, current, ct, async tx =>
                {
                    await using var record = new NpgsqlCommand(
                        "INSERT INTO schema_migrations (version, name, checksum) VALUES (@v, @n, @c)", connection, tx);
                    record.Parameters.AddWithValue("v", file.Version);
                    record.Parameters.AddWithValue("n", file.Name);
                    record.Parameters.AddWithValue("c", file.Checksum());
                    await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }).ConfigureAwait(false);
                current = Math.Max(current ?? 0, file.Version);
                run.Add(file.UpFileName);
            }
            return (current, run);
        }, cancellation);

    /// <summary>Rolls back the <paramref name="steps"/> most recently applied migrations, newest first.</summary>
    public Task<MigrationRun> RollbackSteps(int steps, CancellationToken cancellation = default)
    {
        if (steps < 1) throw new BadInputException($"RollbackSteps needs at least 1 step, not {steps}.");
        return Rollback(applied => applied.Keys.OrderDescending().Take(steps).ToList(), cancellation);
    }

    /// <summary>
    /// Rolls back every applied migration above <paramref name="version"/>, newest first, so the database ends at
    /// <paramref name="version"/> (0 rolls back everything). A version that is not applied is bad input.
    /// </summary>
    public Task<MigrationRun> RollbackTo(long version, CancellationToken cancellation = default)
        => Rollback(applied =>
        {
            if (version != 0 && !applied.ContainsKey(version))
                throw new BadInputException($"Cannot roll back to migration {version}: it is not applied (applied: " +
                    (applied.Count == 0 ? "none" : string.Join(", ", applied.Keys.Order())) + ").");
            return applied.Keys.Where(v => v > version).OrderDescending().ToList();
        }, cancellation);

    /// <summary>Rolls back to <see cref="LastStable"/>; with no version marked stable there is nothing safe to aim at, which is an error.</summary>
    public async Task<MigrationRun> RollbackToLastStable(CancellationToken cancellation = default)
    {
        var stable = await LastStable(cancellation).ConfigureAwait(false)
            ?? throw new RunbookException("No migration is marked stable: give the rollback target explicitly.", ExitCodes.Failed);
        return await RollbackTo(stable, cancellation).ConfigureAwait(false);
    }

    /// <summary>Marks <paramref name="version"/> (default: the current version) stable: the service ran well on it.</summary>
    public async Task<long> MarkStable(long? version = null, CancellationToken cancellation = default)
    {
        await using var connection = await _db.OpenAsync(cancellation).ConfigureAwait(false);
        await using (var create = new NpgsqlCommand(CreateTable, connection))
            await create.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("""
            UPDATE schema_migrations SET stable = true
            WHERE version = coalesce(@v, (SELECT max(version) FROM schema_migrations)) RETURNING version
            """, connection);
        cmd.Parameters.Add(new NpgsqlParameter("v", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = (object?)version ?? DBNull.Value });
        var marked = await cmd.ExecuteScalarAsync(cancellation).ConfigureAwait(false)
            ?? throw new BadInputException(version is null
                ? "No migration is applied, so none can be marked stable."
                : $"Migration {version} is not applied, so it cannot be marked stable.");
        _db.Log($"Marked migration {marked} stable.");
        return (long)marked;
    }

    private Task<MigrationRun> Rollback(Func<IReadOnlyDictionary<long, AppliedRow>, List<long>> choose, CancellationToken cancellation)
        => Locked(async (connection, applied, ct) =>
        {
            var versions = choose(applied);
            var files = MigrationFile.Discover(Directory).ToDictionary(f => f.Version);
            // Every down file is checked before the first runs, so a missing one stops the rollback before it starts.
            foreach (var v in versions)
                if (!files.TryGetValue(v, out var f) || f.DownPath is null)
                    throw new RunbookException($"Cannot roll back migration {v} ({applied[v].Name}): there is no " +
                        $"{v:D4}_{applied[v].Name}.down.sql in {Directory}; nothing was rolled back.", ExitCodes.Failed);
            var current = applied.Count == 0 ? (long?)null : applied.Keys.Max();
            var run = new List<string>();
            foreach (var v in versions)
            {
                var file = files[v];
                await RunFileAsync(connection, file.DownPath!, current, ct, async tx =>
                {
                    await using var unrecord = new NpgsqlCommand("DELETE FROM schema_migrations WHERE version = @v", connection, tx);
                    unrecord.Parameters.AddWithValue("v", v);
                    await unrecord.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }).ConfigureAwait(false);
                run.Add(Path.GetFileName(file.DownPath!));
                var remaining = applied.Keys.Where(k => k < v).ToList();
                current = remaining.Count == 0 ? null : remaining.Max();
            }
            return (current, run);
        }, cancellation);

    private async Task<MigrationRun> Locked(
        Func<NpgsqlConnection, IReadOnlyDictionary<long, AppliedRow>, CancellationToken, Task<(long? To, List<string> Files)>> work,
        CancellationToken cancellation)
    {
        var started = _db.Time.GetTimestamp();
        await using var connection = await _db.OpenAsync(cancellation).ConfigureAwait(false);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _db.Cancellation);
        var ct = linked.Token;
        // StopWrites keeps the application out while a runbook repairs the database (a restore, then migrations up to a
        // target); the repair itself must still write, so this session leaves the database's read-only default aside
        // (on its own: sent with what follows, it would share a transaction that began read-only).
        await using (var writable = new NpgsqlCommand("SET default_transaction_read_only = off", connection))
            await writable.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await using (var setup = new NpgsqlCommand($"{CreateTable}; SELECT pg_advisory_lock({LockKey})", connection))
            await setup.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        try
        {
            var applied = await ReadAppliedAsync(connection, null, ct).ConfigureAwait(false);
            var from = applied.Count == 0 ? (long?)null : applied.Keys.Max();
            var (to, files) = await work(connection, applied, ct).ConfigureAwait(false);
            var elapsed = (long)_db.Time.GetElapsedTime(started).TotalMilliseconds;
            _db.Log(files.Count == 0
                ? $"Migrations: nothing to do, {_db.Endpoint} is at version {Show(from)}."
                : $"Migrations: {_db.Endpoint} went from version {Show(from)} to {Show(to)} ({files.Count} files, {elapsed} ms).");
            return new MigrationRun(from, to, files, elapsed);
        }
        catch (Exception e) when (DbErrors.Translate(e, _db.Endpoint) is { } translated)
        {
            throw translated;
        }
        finally
        {
            if (connection.State == System.Data.ConnectionState.Open)
                await using (var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", connection))
                    await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task RunFileAsync(NpgsqlConnection connection, string path, long? versionBefore, CancellationToken ct,
        Func<NpgsqlTransaction, Task> record)
    {
        var sql = await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
        var name = Path.GetFileName(path);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        foreach (var statement in SqlStatementSplitter.Split(sql))
        {
            try
            {
                await using var cmd = new NpgsqlCommand(statement.Text, connection, tx);
                await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            catch (PostgresException e)
            {
                await tx.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                // Position is 1-based within the statement; it points at the offending word when PostgreSQL knows it.
                var line = statement.Line + (e.Position > 0 ? SqlStatementSplitter.LineAt(statement.Text, e.Position - 1) - 1 : 0);
                var head = string.Join(' ', statement.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                if (head.Length > 60) head = head[..57] + "...";
                throw new MigrationFailedException(
                    $"Migration {name} failed at line {line} ({head}): {e.MessageText}; its transaction was rolled back and " +
                    $"{_db.Endpoint} stays at version {Show(versionBefore)}.",
                    name, line, statement.Text, versionBefore, e);
            }
        }
        await record(tx).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        _db.Log($"Ran {name}.");
    }

    private static async Task<Dictionary<long, AppliedRow>> ReadAppliedAsync(NpgsqlConnection connection, NpgsqlTransaction? tx,
        CancellationToken ct)
    {
        var rows = new Dictionary<long, AppliedRow>();
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", connection, tx))
            if (!(bool)(await exists.ExecuteScalarAsync(ct).ConfigureAwait(false))!) return rows;
        await using var cmd = new NpgsqlCommand("SELECT version, name, checksum, applied_at, stable FROM schema_migrations", connection, tx);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            rows[reader.GetInt64(0)] = new AppliedRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetBoolean(4));
        return rows;
    }

    private static string Show(long? version) => version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";

    private sealed record AppliedRow(long Version, string Name, string Checksum, DateTimeOffset AppliedAt, bool Stable);
}
