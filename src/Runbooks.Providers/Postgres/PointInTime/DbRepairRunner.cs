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

    public static async Task<DbRepair> RepairAsync(DbClient live, PointInTimeCopy copy, string table, CorruptingTransaction? corruption,
        CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var name = QuoteTable(table);
        await using var connection = await live.OpenAsync(cancellation).ConfigureAwait(false);
        var columns = await ColumnsAsync(connection, table, cancellation).ConfigureAwait(false);
        var key = await PrimaryKeyAsync(connection, table, cancellation).ConfigureAwait(false);
        if (key.Count == 0)
            throw new BadInputException($"Table {table} has no primary key: a repair must tell a row lost from a row written since, and needs one.");
        var list = string.Join(", ", columns.Select(Quote));

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

        var keyMatch = string.Join(" AND ", key.Select(k => $"t.{Quote(k)} = s.{Quote(k)}"));
        var staged = await ScalarAsync(connection, $"SELECT count(*) FROM {Staged}", cancellation).ConfigureAwait(false);
        var restored = await ExecuteAsync(connection,
            $"INSERT INTO {name} ({list}) OVERRIDING SYSTEM VALUE SELECT {list} FROM {Staged} ON CONFLICT DO NOTHING", cancellation).ConfigureAwait(false);
        long reverted = 0;
        if (corruption is not null)
        {
            var others = columns.Where(c => !key.Contains(c)).ToList();
            if (others.Count > 0)
                reverted = await ExecuteAsync(connection,
                    $"UPDATE {name} AS t SET {string.Join(", ", others.Select(c => $"{Quote(c)} = s.{Quote(c)}"))} FROM {Staged} AS s " +
                    $"WHERE {keyMatch} AND t.xmin::text = '{corruption.Transaction}'", cancellation).ConfigureAwait(false);
        }
        // Proof: every staged row (compared as text: json has no equality) is in the live table with the copy's content, or was written since and kept.
        var different = await ScalarAsync(connection,
            $"SELECT count(*) FROM {Staged} AS s JOIN {name} AS t ON {keyMatch} WHERE ROW({string.Join(", ", columns.Select(c => "s." + Quote(c)))})::text " +
            $"IS DISTINCT FROM ROW({string.Join(", ", columns.Select(c => "t." + Quote(c)))})::text", cancellation).ConfigureAwait(false);
        var missing = await ScalarAsync(connection,
            $"SELECT count(*) FROM {Staged} AS s WHERE NOT EXISTS (SELECT 1 FROM {name} AS t WHERE {keyMatch})", cancellation).ConfigureAwait(false);
        await tx.CommitAsync(cancellation).ConfigureAwait(false);
        var repair = new DbRepair(table, restored, reverted, different, missing, clock.ElapsedMilliseconds);
        live.Log($"Repaired {live.Endpoint} from the copy at {copy.Endpoint}: {repair} of {staged} rows taken from the copy.");
        return repair;
    }

    internal static string QuoteTable(string table)
        => string.Join('.', table.Split('.').Select(part => part.StartsWith('"') ? part : Quote(part)));

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

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
