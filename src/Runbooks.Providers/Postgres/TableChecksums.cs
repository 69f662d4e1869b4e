using Npgsql;

namespace Runbooks.Providers.Postgres;

/// <summary>
/// Computes a <see cref="DbSnapshot"/> on an open connection (inside the caller's transaction, so a backup's snapshot
/// and its dump see the same data). The checksum sums two 60-bit slices of each row's md5: a multiset hash, so it
/// needs no sort and no giant string, and the physical row order a restore produces does not matter.
/// </summary>
internal static class TableChecksums
{
    private const string TablesSql = """
        SELECT quote_ident(table_schema) || '.' || quote_ident(table_name)
        FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
          AND table_schema NOT LIKE 'pg\_%'
        ORDER BY table_schema, table_name
        """;

    public static async Task<DbSnapshot> TakeAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, TimeProvider time,
        CancellationToken cancellation)
    {
        var takenAt = time.GetUtcNow();
        var tables = await QualifiedNamesAsync(connection, transaction, cancellation).ConfigureAwait(false);
        var result = new List<TableSnapshot>(tables.Count);
        foreach (var table in tables)
        {
            // The table name comes from quote_ident above, so splicing it in is safe.
            var sql = $"""
                SELECT count(*),
                       md5(coalesce(sum(('x' || substr(h, 1, 15))::bit(60)::bigint), 0)::text || '/' ||
                           coalesce(sum(('x' || substr(h, 16, 15))::bit(60)::bigint), 0)::text)
                FROM (SELECT md5(t::text) AS h FROM {table} t) rows
                """;
            await using var cmd = new NpgsqlCommand(sql, connection, transaction);
            await using var reader = await cmd.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
            await reader.ReadAsync(cancellation).ConfigureAwait(false);
            result.Add(new TableSnapshot(Unqualified(table), reader.GetInt64(0), reader.GetString(1)));
        }
        return new DbSnapshot(connection.Database, takenAt, result);
    }

    /// <summary>Every base table outside the system schemas, as snapshots name them (<c>users</c>, <c>audit.log</c>).</summary>
    public static async Task<IReadOnlyList<string>> TakeNamesAsync(NpgsqlConnection connection, CancellationToken cancellation)
        => (await QualifiedNamesAsync(connection, null, cancellation).ConfigureAwait(false)).Select(Unqualified).ToList();

    private static async Task<List<string>> QualifiedNamesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        CancellationToken cancellation)
    {
        var tables = new List<string>();
        await using var cmd = new NpgsqlCommand(TablesSql, connection, transaction);
        await using var reader = await cmd.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellation).ConfigureAwait(false)) tables.Add(reader.GetString(0));
        return tables;
    }

    // public.users reads better as users; other schemas keep their prefix.
    private static string Unqualified(string table) => table.StartsWith("public.", StringComparison.Ordinal) ? table[7..] : table;
}
