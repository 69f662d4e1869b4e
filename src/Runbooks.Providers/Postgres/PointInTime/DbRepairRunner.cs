using System.Diagnostics;
using Npgsql;
using Runbooks.Core.Errors;

namespace Runbooks.Providers.Postgres;

/// <summary>
/// Copies what a corruption removed or changed from a point-in-time copy back into the live table, in one transaction,
/// without touching anything written since. The rows travel as binary COPY into a temporary table of the live session;
/// deleted rows come back with <c>ON CONFLICT DO NOTHING</c> (a row written again since wins), changed rows are reverted
/// only where the live version is still the corruption's own (<c>xmin</c>), so a user's later update is kept.
/// </summary>
internal static class DbRepairRunner
{
    private const string Staged = "runbooks_repair_rows";

    public static async Task<DbRepair> RepairAsync(DbClient live, DbCopy copy, string table, CorruptingTransaction? corruption,
        CancellationToken cancellation, DbRepairRule rule = DbRepairRule.MissingRowsOnly)
    {
        // A corruption read back from a journal (exec --resume) has its counts but not where its rows were: repairing by
        // location would put back nothing and call it done. Missing rows by key is the honest fallback, and says so.
        if (corruption is { RemovedRowLocations.Count: 0 } && corruption.RowsDeleted + corruption.RowsChanged > 0)
        {
            live.Log($"The locations of the rows {corruption} removed are not known here (a resumed run): putting back the rows missing by key instead.");
            corruption = null;
        }
        var clock = Stopwatch.StartNew();
        var name = SqlIdentifier.QuoteTable(table);
        await using var connection = await live.OpenAsync(cancellation).ConfigureAwait(false);
        var columns = await ColumnsAsync(connection, table, cancellation).ConfigureAwait(false);
        var key = await PrimaryKeyAsync(connection, table, cancellation).ConfigureAwait(false);
        if (key.Count == 0)
            throw new BadInputException($"Table {table} has no primary key: a repair must tell a row lost from a row written since, and needs one.");
        var list = string.Join(", ", columns.Select(SqlIdentifier.Quote));

        // A repair is how rows come back while writes are stopped (StopWrites makes new sessions read-only).
        await ExecuteAsync(connection, "SET default_transaction_read_only = off", cancellation).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellation).ConfigureAwait(false);
        await ExecuteAsync(connection, $"CREATE TEMP TABLE {Staged} ON COMMIT DROP AS SELECT {list} FROM {name} WITH NO DATA", cancellation).ConfigureAwait(false);

        // With the corrupting transaction known, exactly the row versions it took away; without it, every row of the copy.
        var selection = corruption is null
            ? $"SELECT {list} FROM {name}"
            : $"SELECT {list} FROM {name} WHERE ctid = ANY('{{{string.Join(',', corruption.RemovedRowLocations.Select(l => "\"" + l + "\""))}}}'::tid[])";
        await using (var source = await copy.OpenAsync(cancellation).ConfigureAwait(false))
        {
            await using var reader = await source.BeginRawBinaryCopyAsync($"COPY ({selection}) TO STDOUT (FORMAT BINARY)", cancellation).ConfigureAwait(false);
            await using var writer = await connection.BeginRawBinaryCopyAsync($"COPY {Staged} ({list}) FROM STDIN (FORMAT BINARY)", cancellation).ConfigureAwait(false);
            await reader.CopyToAsync(writer, cancellation).ConfigureAwait(false);
        }

        var keyMatch = string.Join(" AND ", key.Select(k => $"t.{SqlIdentifier.Quote(k)} = s.{SqlIdentifier.Quote(k)}"));
        var staged = await ScalarAsync(connection, $"SELECT count(*) FROM {Staged}", cancellation).ConfigureAwait(false);
        long restored, reverted = 0;
        var others = columns.Where(c => !key.Contains(c)).ToList();
        if (rule == DbRepairRule.CopyWins && others.Count > 0)
        {
            // One statement: a row missing comes in, a row that differs takes the copy's content; xmax = 0 marks an insert.
            var (inserted, updated) = await CountsAsync(connection,
                $"WITH r AS (INSERT INTO {name} AS t ({list}) OVERRIDING SYSTEM VALUE SELECT {list} FROM {Staged} " +
                $"ON CONFLICT ({string.Join(", ", key.Select(SqlIdentifier.Quote))}) DO UPDATE SET {string.Join(", ", others.Select(c => $"{SqlIdentifier.Quote(c)} = EXCLUDED.{SqlIdentifier.Quote(c)}"))} " +
                $"WHERE ROW({string.Join(", ", columns.Select(c => "t." + SqlIdentifier.Quote(c)))})::text IS DISTINCT FROM ROW({string.Join(", ", columns.Select(c => "EXCLUDED." + SqlIdentifier.Quote(c)))})::text " +
                "RETURNING (xmax = 0) AS inserted) SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM r", cancellation).ConfigureAwait(false);
            (restored, reverted) = (inserted, updated);
        }
        else
        {
            restored = await ExecuteAsync(connection,
                $"INSERT INTO {name} ({list}) OVERRIDING SYSTEM VALUE SELECT {list} FROM {Staged} ON CONFLICT DO NOTHING", cancellation).ConfigureAwait(false);
        }
        await AdvanceSequencesAsync(connection, table, name, cancellation).ConfigureAwait(false);
        if (corruption is not null)
        {
            if (others.Count > 0)
                reverted = await ExecuteAsync(connection,
                    $"UPDATE {name} AS t SET {string.Join(", ", others.Select(c => $"{SqlIdentifier.Quote(c)} = s.{SqlIdentifier.Quote(c)}"))} FROM {Staged} AS s " +
                    $"WHERE {keyMatch} AND t.xmin::text = '{corruption.Transaction}'", cancellation).ConfigureAwait(false);
        }
        // Proof: every staged row (compared as text: json has no equality) is in the live table with the copy's content, or was written since and kept.
        var different = await ScalarAsync(connection,
            $"SELECT count(*) FROM {Staged} AS s JOIN {name} AS t ON {keyMatch} WHERE ROW({string.Join(", ", columns.Select(c => "s." + SqlIdentifier.Quote(c)))})::text " +
            $"IS DISTINCT FROM ROW({string.Join(", ", columns.Select(c => "t." + SqlIdentifier.Quote(c)))})::text", cancellation).ConfigureAwait(false);
        var missing = await ScalarAsync(connection,
            $"SELECT count(*) FROM {Staged} AS s WHERE NOT EXISTS (SELECT 1 FROM {name} AS t WHERE {keyMatch})", cancellation).ConfigureAwait(false);
        await tx.CommitAsync(cancellation).ConfigureAwait(false);
        var repair = new DbRepair(table, restored, reverted, different, missing, clock.ElapsedMilliseconds);
        live.Log($"Repaired {live.Endpoint} from the copy at {copy.Endpoint}: {repair} of {staged} rows taken from the copy.");
        return repair;
    }

    // Rows put back carry ids a sequence may not have reached (an in-place restore set it back): the next insert must not collide with them.
    private static async Task AdvanceSequencesAsync(NpgsqlConnection c, string table, string name, CancellationToken ct)
    {
        var owned = new List<(string Column, string Sequence)>();
        await using (var cmd = new NpgsqlCommand("""
            SELECT attname, pg_get_serial_sequence(@t, attname) FROM pg_attribute
            WHERE attrelid = to_regclass(@t) AND attnum > 0 AND NOT attisdropped AND pg_get_serial_sequence(@t, attname) IS NOT NULL
            """, c))
        {
            cmd.Parameters.AddWithValue("t", table);
            await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false)) owned.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (column, sequence) in owned)
            await ExecuteAsync(c, $"SELECT setval('{sequence.Replace("'", "''")}', GREATEST((SELECT last_value FROM {sequence}), " +
                $"(SELECT coalesce(max({SqlIdentifier.Quote(column)}), 1) FROM {name})))", ct).ConfigureAwait(false);
    }

    private static async Task<(long, long)> CountsAsync(NpgsqlConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, c) { CommandTimeout = 0 };
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task<List<string>> ColumnsAsync(NpgsqlConnection c, string table, CancellationToken ct)
    {
        // Generated columns cannot be written; they follow from the others.
        var columns = await ListAsync(c, """
            SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(@t) AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
            ORDER BY attnum
            """, table, ct).ConfigureAwait(false);
        return columns.Count > 0 ? columns : throw new BadInputException($"Table {table} does not exist in the live database.");
    }

    private static Task<List<string>> PrimaryKeyAsync(NpgsqlConnection c, string table, CancellationToken ct)
        => ListAsync(c, """
            SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = to_regclass(@t) AND i.indisprimary ORDER BY a.attnum
            """, table, ct);

    private static async Task<List<string>> ListAsync(NpgsqlConnection c, string sql, string table, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, c);
        cmd.Parameters.AddWithValue("t", table);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<string>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) list.Add(reader.GetString(0));
        return list;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, c) { CommandTimeout = 0 };
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection c, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, c) { CommandTimeout = 0 };
        return (long)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }
}
