using Npgsql;

namespace Runbooks.Providers.Postgres;

/// <summary>
/// A database a repair reads rows from: a <see cref="PointInTimeCopy"/> of the past, a provider's restored branch, or the
/// state saved before an in-place restore. <see cref="DbClient.Repair(DbCopy, string, DbRepairRule, CancellationToken)"/>
/// takes any of them. Disposing releases what the copy holds (a server, a scratch database); a branch is left as it is.
/// </summary>
public abstract class DbCopy : IAsyncDisposable
{
    /// <summary>Where the copy answers (host, port and database; no credentials), for the journal.</summary>
    public abstract string Endpoint { get; }

    /// <summary>Rows of <paramref name="table"/> in the copy.</summary>
    public async Task<long> RowCount(string table, CancellationToken cancellation = default)
    {
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand($"SELECT count(*) FROM {SqlIdentifier.QuoteTable(table)}", connection);
        return (long)(await cmd.ExecuteScalarAsync(cancellation).ConfigureAwait(false))!;
    }

    /// <summary>The copy's tables (<c>schema.table</c> outside <c>public</c>), in name order.</summary>
    public async Task<IReadOnlyList<string>> Tables(CancellationToken cancellation = default)
    {
        await using var connection = await OpenAsync(cancellation).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("""
            SELECT CASE WHEN schemaname = 'public' THEN tablename ELSE schemaname || '.' || tablename END FROM pg_tables
            WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1
            """, connection);
        await using var reader = await cmd.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        var tables = new List<string>();
        while (await reader.ReadAsync(cancellation).ConfigureAwait(false)) tables.Add(reader.GetString(0));
        return tables;
    }

    /// <summary>Releases what the copy holds.</summary>
    public abstract ValueTask DisposeAsync();

    internal abstract Task<NpgsqlConnection> OpenAsync(CancellationToken cancellation);
}
