using System.Data;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using Runbooks.Core.Errors;

namespace Runbooks.Providers.Postgres;

/// <summary>
/// Backup and restore with the PostgreSQL tools. A backup exports its transaction's snapshot and hands it to
/// <c>pg_dump --snapshot</c>, while the checksums are computed in that same snapshot: the saved counts are exactly
/// what the dump holds, even with writes going on, so a restore can be compared with them.
/// </summary>
internal static class DbBackupRunner
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static async Task<DbBackup> BackupAsync(DbClient db, string directory, DbBackupFormat format, CancellationToken cancellation)
    {
        var started = db.Time.GetTimestamp();
        var folder = Path.GetFullPath(directory);
        Directory.CreateDirectory(folder);
        var stamp = db.Time.GetUtcNow().ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);
        var file = Path.Combine(folder, $"{db.Database}-{stamp}{(format == DbBackupFormat.Plain ? ".sql" : ".dump")}");

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, db.Cancellation);
        var ct = linked.Token;
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        try
        {
            await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
            string snapshotId;
            await using (var export = new NpgsqlCommand("SELECT pg_export_snapshot()", connection, tx))
                snapshotId = (string)(await export.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
            // pg_dump and the checksums read the same snapshot at the same time: two cores, half the wait.
            var dump = PostgresTool.RunAsync("pg_dump",
                ["--format=" + (format == DbBackupFormat.Plain ? "plain" : "custom"), "--file=" + file, "--snapshot=" + snapshotId,
                 "--dbname=" + db.Database],
                db, null, ct);
            var snapshot = await TableChecksums.TakeAsync(connection, tx, db.Time, ct).ConfigureAwait(false);
            await dump.ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);

            await File.WriteAllTextAsync(DbBackup.SnapshotFileOf(file), JsonSerializer.Serialize(snapshot, Json), ct).ConfigureAwait(false);
            var backup = new DbBackup(file, new FileInfo(file).Length, snapshot, (long)db.Time.GetElapsedTime(started).TotalMilliseconds);
            db.Log($"Backed up {db.Endpoint} to {file} ({backup.Bytes / 1024} KiB, {snapshot.Tables.Count} tables, " +
                $"{snapshot.TotalRows} rows, {backup.ElapsedMs} ms).");
            return backup;
        }
        catch (Exception e)
        {
            File.Delete(file); // a partial dump must not be mistaken for a backup
            if (DbErrors.Translate(e, db.Endpoint) is { } translated) throw translated;
            throw;
        }
    }

    private const int RestoreAttempts = 3;

    public static async Task<DbRestore> RestoreAsync(DbClient db, string file, bool verify, CancellationToken cancellation)
    {
        var started = db.Time.GetTimestamp();
        var path = Path.GetFullPath(file);
        if (!File.Exists(path)) throw new BadInputException($"Backup file {path} does not exist.");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, db.Cancellation);
        var ct = linked.Token;
        var format = FormatOf(path);
        var expected = ReadSnapshot(path);
        var proof = expected is null ? "" : $"the snapshot saved beside it, {Path.GetFileName(DbBackup.SnapshotFileOf(path))}";

        if (format == DbBackupFormat.Custom)
        {
            await WithDeadlockRetries(db, "pg_restore", () => PostgresTool.RunAsync("pg_restore",
                ["--clean", "--if-exists", "--single-transaction", "--no-owner", "--dbname=" + db.Database, path],
                db, WritableSession, ct)).ConfigureAwait(false);
        }
        else
        {
            // A plain file says nothing about what it holds until it has run somewhere: loading it into a scratch database
            // first gives the objects its --clean drops must name and, without a snapshot beside it, its content.
            var scratch = await PlainSqlRestore.LoadIntoScratchAsync(db, path, ct).ConfigureAwait(false);
            if (expected is null)
            {
                expected = scratch.Snapshot;
                proof = "the file loaded into a scratch database first and snapshotted there, as no snapshot lies beside it";
            }
            await WithDeadlockRetries(db, "psql", () => PlainSqlRestore.RunAsync(db, db.Database, path, scratch.DropScript, ct,
                (line, message) => $"Restoring {path} into {db.Endpoint} failed at the statement ending at line {line}: {message}; " +
                    "its single transaction was rolled back, so the database is as it was before the restore.")).ConfigureAwait(false);
        }
        db.Log($"Restored {db.Endpoint} from {path}.");

        DbSnapshot after;
        if (verify && expected is not null)
        {
            after = await db.Verify(expected, ct).ConfigureAwait(false);
        }
        else
        {
            after = await db.Snapshot(ct).ConfigureAwait(false);
            if (verify)
                db.Log($"No {Path.GetFileName(DbBackup.SnapshotFileOf(path))} beside the backup: the restore is not compared with the backup's content.");
        }
        return new DbRestore(path, after, verify && expected is not null, (long)db.Time.GetElapsedTime(started).TotalMilliseconds,
            format, expected, proof);
    }

    /// <summary>
    /// Loads a <c>pg_dump -Fc</c> file into a new scratch database of <paramref name="db"/>'s server, as a copy to repair from;
    /// the copy drops it when disposed (a failure to drop is logged with its name, never thrown over the repair's outcome).
    /// </summary>
    public static async Task<DbCopy> LoadCopyAsync(DbClient db, string file, CancellationToken cancellation)
    {
        var path = Path.GetFullPath(file);
        if (!File.Exists(path)) throw new BadInputException($"Backup file {path} does not exist.");
        if (FormatOf(path) != DbBackupFormat.Custom) throw new BadInputException($"{path} is not a pg_dump -Fc file (Db.Backup makes one).");
        var scratch = "runbooks_saved_" + Guid.NewGuid().ToString("N")[..12];
        await PlainSqlRestore.ScratchCommandAsync(db, $"CREATE DATABASE {scratch} TEMPLATE template0", path, cancellation).ConfigureAwait(false);
        async ValueTask Drop()
        {
            try
            {
                await PlainSqlRestore.ScratchCommandAsync(db, $"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)", path, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RunbookException or Npgsql.NpgsqlException)
            {
                db.Log($"The scratch database {scratch} on {db.Endpoint} could not be dropped: {e.Message}");
            }
        }
        try
        {
            await PostgresTool.RunAsync("pg_restore", ["--no-owner", "--exit-on-error", "--dbname=" + scratch, path], db, WritableSession, cancellation)
                .ConfigureAwait(false);
        }
        catch
        {
            await Drop().ConfigureAwait(false);
            throw;
        }
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(db.Settings.ConnectionString) { Database = scratch, Pooling = false };
        var endpoint = DatabaseUrl.Describe(settings);
        db.Log($"Loaded {Path.GetFileName(path)} into the scratch database {endpoint}.");
        return new ConnectedCopy(settings.ConnectionString, endpoint, Drop);
    }

    /// <summary>
    /// The format of <paramref name="file"/>: <c>pg_dump -Fc</c> starts with the bytes <c>PGDMP</c>, anything else is
    /// taken for a plain SQL script (psql says so at the first line that is not SQL).
    /// </summary>
    public static DbBackupFormat FormatOf(string file)
    {
        Span<byte> head = stackalloc byte[5];
        using var stream = File.OpenRead(file);
        return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.SequenceEqual("PGDMP"u8)
            ? DbBackupFormat.Custom
            : DbBackupFormat.Plain;
    }

    /// <summary>A restore is how writes come back: it must work while StopWrites holds the database read-only.</summary>
    internal static readonly IReadOnlyDictionary<string, string> WritableSession =
        new Dictionary<string, string> { ["PGOPTIONS"] = "-c default_transaction_read_only=off" };

    private static async Task WithDeadlockRetries(DbClient db, string program, Func<Task> restore)
    {
        for (var attempt = 1; ; attempt++)
        {
            // Idle pooled sessions would only wait on the locks the restore takes; let them go first.
            db.ClearPool();
            try
            {
                await restore().ConfigureAwait(false);
                return;
            }
            catch (RunbookException e) when (attempt < RestoreAttempts && e.Message.Contains("deadlock detected", StringComparison.Ordinal))
            {
                // Reads still run while writes are stopped; one that locks the tables in another order than the restore
                // drops them deadlocks with it, and PostgreSQL may pick the restore. Its single transaction rolled back
                // whole, so running it again is safe.
                db.Log($"{program} lost a deadlock with a concurrent reader on {db.Endpoint} (nothing was changed); retrying ({attempt + 1}/{RestoreAttempts}).");
            }
        }
    }

    /// <summary>The snapshot saved beside <paramref name="backupFile"/>, or null when there is none.</summary>
    public static DbSnapshot? ReadSnapshot(string backupFile)
    {
        var path = DbBackup.SnapshotFileOf(Path.GetFullPath(backupFile));
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<DbSnapshot>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new BadInputException($"{path} is not a backup snapshot: {e.Message}", e);
        }
    }
}
