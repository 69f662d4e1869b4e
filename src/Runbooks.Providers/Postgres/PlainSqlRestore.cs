using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using Runbooks.Core.Errors;

namespace Runbooks.Providers.Postgres;

/// <summary>
/// Restores a plain SQL backup (<c>pg_dump &gt; file.sql</c>, seed 004) with <c>psql</c>: <c>ON_ERROR_STOP</c>, one
/// transaction, so a bad line changes nothing. The file is first loaded into a scratch database on the same server: a
/// script cannot be asked what it holds, and that load gives both its content (to prove the restore by) and the
/// <c>DROP ... IF EXISTS</c> statements <c>pg_dump --clean --if-exists</c> makes for it, the same drops
/// <c>pg_restore --clean --if-exists</c> runs before a custom-format restore.
/// </summary>
internal static partial class PlainSqlRestore
{
    /// <summary>The line <c>pg_dump</c> ends every plain dump with; a file without it was cut short.</summary>
    private const string Trailer = "-- PostgreSQL database dump complete";

    /// <summary>
    /// Loads <paramref name="path"/> into a new scratch database, snapshots it and derives the drops a <c>--clean</c>
    /// restore of it makes, then drops the scratch database. The live database is not touched.
    /// </summary>
    public static async Task<(DbSnapshot Snapshot, string DropScript)> LoadIntoScratchAsync(DbClient db, string path, CancellationToken ct)
    {
        EnsureComplete(path);
        var scratch = "runbooks_scratch_" + Guid.NewGuid().ToString("N")[..12];
        await ScratchCommandAsync(db, $"CREATE DATABASE {scratch} TEMPLATE template0", path, ct).ConfigureAwait(false);
        var schema = Path.Combine(Path.GetTempPath(), scratch + "-clean.sql");
        try
        {
            await RunAsync(db, scratch, path, null, ct, (line, message) =>
                $"Backup {path} does not load, at the statement ending at line {line}: {message}; nothing was restored (it was tried in a scratch database first, " +
                $"{db.Endpoint} is untouched).").ConfigureAwait(false);

            var settings = new NpgsqlConnectionStringBuilder(db.Settings.ConnectionString) { Database = scratch, Pooling = false };
            DbSnapshot snapshot;
            await using (var connection = new NpgsqlConnection(settings.ConnectionString))
            {
                await connection.OpenAsync(ct).ConfigureAwait(false);
                snapshot = await TableChecksums.TakeAsync(connection, null, db.Time, ct).ConfigureAwait(false);
            }

            await PostgresTool.RunAsync("pg_dump", ["--schema-only", "--clean", "--if-exists", "--file=" + schema, "--dbname=" + scratch],
                db, null, ct).ConfigureAwait(false);
            var drops = DropsOf(await File.ReadAllTextAsync(schema, ct).ConfigureAwait(false));
            db.Log($"Loaded {path} into a scratch database: {snapshot.Tables.Count} tables, {snapshot.TotalRows} rows.");
            return (snapshot with { Database = db.Database }, drops);
        }
        finally
        {
            File.Delete(schema);
            try
            {
                await ScratchCommandAsync(db, $"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)", path, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RunbookException or NpgsqlException)
            {
                // The restore's own outcome matters more than a leftover scratch database; name it so someone drops it.
                db.Log($"The scratch database {scratch} on {db.Endpoint} could not be dropped: {e.Message}");
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="dropScript"/> (when given) and then <paramref name="path"/> in <paramref name="database"/>
    /// with psql, in one transaction that any error rolls back whole; <paramref name="describe"/> words a failure at a
    /// line of <paramref name="path"/> (psql reports the line the failing statement ends on, where it sent it).
    /// </summary>
    public static async Task RunAsync(DbClient db, string database, string path, string? dropScript, CancellationToken ct,
        Func<int, string, string> describe)
    {
        var drops = dropScript is null ? null : Path.Combine(Path.GetTempPath(), $"runbooks-drops-{Guid.NewGuid():N}.sql");
        try
        {
            // --no-psqlrc: the operator's ~/.psqlrc must not change what a restore does. Results (the dump's set_config
            // rows) go nowhere; errors come on stderr, prefixed with the file and line.
            List<string> arguments = ["--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction",
                "--output=/dev/null", "--dbname=" + database];
            if (drops is not null)
            {
                await File.WriteAllTextAsync(drops, dropScript, ct).ConfigureAwait(false);
                arguments.Add("--file=" + drops);
            }
            arguments.Add("--file=" + path);
            await PostgresTool.RunAsync("psql", arguments, db, DbBackupRunner.WritableSession, ct, stderr =>
            {
                if (PsqlError().Match(stderr) is not { Success: true } m) return null;
                var line = int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture);
                var message = m.Groups["message"].Value.Trim().TrimEnd('.');
                // A bad row of COPY data is found by its CONTEXT (the table, the row, the column), not by psql's line.
                if (PsqlContext().Match(stderr, m.Index) is { Success: true } context)
                    message += $" ({context.Groups["context"].Value.Trim().TrimEnd('.')})";
                return new RunbookException(m.Groups["file"].Value == path
                        ? describe(line, message)
                        : $"Dropping what {path} recreates in {db.Endpoint} failed: {message}; the restore's single transaction was rolled back, so the database is as it was.",
                    ExitCodes.Failed);
            }).ConfigureAwait(false);
        }
        finally
        {
            if (drops is not null) File.Delete(drops);
        }
    }

    /// <summary>
    /// The statements of a <c>pg_dump --clean --if-exists</c> script that come before its first <c>CREATE</c>: the
    /// session settings and every drop. psql meta-commands (<c>\restrict</c>) are left out: the drops run before the
    /// backup's own script, which sets its own.
    /// </summary>
    internal static string DropsOf(string cleanScript)
    {
        var sql = string.Join('\n', cleanScript.Split('\n').Where(l => !l.StartsWith('\\')));
        var result = new StringBuilder();
        foreach (var statement in SqlStatementSplitter.Split(sql))
        {
            var t = statement.Text;
            var keep = t.StartsWith("DROP ", StringComparison.Ordinal)
                || (t.StartsWith("ALTER ", StringComparison.Ordinal) && t.Contains(" DROP ", StringComparison.Ordinal))
                || t.StartsWith("SET ", StringComparison.Ordinal)
                || t.StartsWith("SELECT pg_catalog.set_config(", StringComparison.Ordinal);
            if (!keep) break; // pg_dump writes every drop before the first CREATE
            result.Append(t).Append(";\n");
        }
        return result.ToString();
    }

    /// <summary>A file cut short between two statements would load without an error; pg_dump's last line says it is whole.</summary>
    private static void EnsureComplete(string path)
    {
        using var stream = File.OpenRead(path);
        var tail = new byte[Math.Min(stream.Length, 4096)];
        stream.Seek(-tail.Length, SeekOrigin.End);
        stream.ReadExactly(tail);
        if (Encoding.UTF8.GetString(tail).Contains(Trailer, StringComparison.Ordinal)) return;
        var lines = File.ReadLines(path).Count();
        throw new RunbookException(
            $"Backup {path} ends at line {lines} without pg_dump's closing \"{Trailer}\", so it is truncated; nothing was restored.",
            ExitCodes.Failed);
    }

    internal static async Task ScratchCommandAsync(DbClient db, string sql, string path, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct).ConfigureAwait(false);
        try
        {
            // StopWrites makes this database's sessions read-only, and CREATE/DROP DATABASE refuse to run in one. Two
            // round trips: in one, both would share a transaction that began read-only.
            await using (var writable = new NpgsqlCommand("SET default_transaction_read_only = off", connection))
                await writable.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == "42501")
        {
            throw new RunbookException($"Backup {path} cannot be checked before it is restored: {db.Endpoint} refused a scratch " +
                $"database ({e.MessageText}); grant CREATEDB to this user.", ExitCodes.Failed, e);
        }
        catch (Exception e) when (DbErrors.Translate(e, db.Endpoint) is { } translated)
        {
            throw translated;
        }
    }

    [GeneratedRegex(@"^psql:(?<file>.+):(?<line>\d+): (?:ERROR|FATAL):\s+(?<message>.+)$", RegexOptions.Multiline)]
    private static partial Regex PsqlError();

    [GeneratedRegex(@"^CONTEXT:\s+(?<context>COPY .+)$", RegexOptions.Multiline)]
    private static partial Regex PsqlContext();
}
