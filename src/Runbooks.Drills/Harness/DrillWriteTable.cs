using System.Globalization;
using Npgsql;
using Runbooks.Providers.Postgres;
using Runbooks.Core.Errors;
using Runbooks.Drills.Definitions;
using Runbooks.Drills.Environments;
using Runbooks.Drills.Load;

namespace Runbooks.Drills.Harness;

/// <summary>
/// Where a drill's acknowledged writes go, and how the harness finds which of them are still there afterwards. By default
/// the harness's own ledger table, which no fault touches: it measures what a restore loses. With <c>load.writesTo</c> the
/// writes are rows of an application table (a copy of one of its rows under a new key), where a corruption of that table
/// removes them too: a repair must then put back the ones written before the corruption and keep the ones written since,
/// which is the case a point-in-time repair exists for.
/// </summary>
internal sealed class DrillWriteTable
{
    // Keys for the drill's writes start at a multiple of this above every existing key, and a drill writes far fewer.
    private const long KeyBlock = 1_000_000;

    private readonly string _table;
    private readonly string _key;
    private readonly string _keyName;
    private readonly long _offset;
    private readonly string? _row;
    private readonly string? _columns;

    private DrillWriteTable(string table, string keyName, long offset, string? row, string? columns)
    {
        _table = SqlIdentifier.Quote(table);
        _keyName = keyName;
        _key = SqlIdentifier.Quote(keyName);
        _offset = offset;
        _row = row;
        _columns = columns;
        Description = $"table {table} (key {keyName})";
    }

    /// <summary>Where the writes go, for messages: <c>table pitches (key id)</c>.</summary>
    public string Description { get; }

    /// <summary>
    /// The drill's write table: the ledger, or <c>load.writesTo</c>, which must exist, have a one-column integer primary
    /// key with room above its rows and hold a row to copy; otherwise bad input naming the drill file and line.
    /// </summary>
    public static async Task<DrillWriteTable> PrepareAsync(DrillDefinition drill, NpgsqlDataSource source, CancellationToken cancellation)
    {
        if (drill.Load.WritesTo is not { } name) return new DrillWriteTable(DrillEnvironment.WritesTable, "seq", 0, null, null);
        var where = $"{drill.SourcePath}({drill.Load.Line})";
        var table = SqlIdentifier.Quote(name);
        var keyColumns = new List<(string Name, string Type, long? Max)>();
        await using (var keys = source.CreateCommand("""
            SELECT a.attname, format_type(a.atttypid, a.atttypmod),
                   CASE a.atttypid WHEN 'int4'::regtype THEN 2147483647 WHEN 'int8'::regtype THEN 9223372036854775807 END
            FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = to_regclass(@t) AND i.indisprimary
            """))
        {
            keys.Parameters.AddWithValue("t", table);
            await using var reader = await keys.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellation).ConfigureAwait(false))
                keyColumns.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2)));
        }
        if (keyColumns is not [{ Max: { } keyMax } key])
            throw new BadInputException($"{where}: load writesTo '{name}' needs a table of the drill database with a one-column integer primary key" +
                (keyColumns.Count == 0 ? "; it has none (or does not exist)." : $"; its key is {string.Join(", ", keyColumns.Select(c => $"{c.Name} {c.Type}"))}."));
        var keyName = SqlIdentifier.Quote(key.Name);

        // A write names only what it must copy: generated columns take no value, and columns with a default take theirs
        // (a drill's pitch is created now, not on the sample row's day).
        var settable = new List<string>();
        await using (var insertable = source.CreateCommand("""
            SELECT attname FROM pg_attribute
            WHERE attrelid = to_regclass(@t) AND attnum > 0 AND NOT attisdropped AND attgenerated = '' AND (NOT atthasdef OR attname = @key)
            ORDER BY attnum
            """))
        {
            insertable.Parameters.AddWithValue("t", table);
            insertable.Parameters.AddWithValue("key", key.Name);
            await using var reader = await insertable.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellation).ConfigureAwait(false)) settable.Add(SqlIdentifier.Quote(reader.GetString(0)));
        }

        await using var sample = source.CreateCommand($"SELECT to_jsonb(t.*)::text, (SELECT max({keyName})::bigint FROM {table}) FROM {table} t ORDER BY {keyName} LIMIT 1");
        await using var rows = await sample.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        if (!await rows.ReadAsync(cancellation).ConfigureAwait(false))
            throw new BadInputException($"{where}: load writesTo '{name}' is empty: a drill write is a copy of one of its rows under a new key.");
        var highest = Math.Max(0, rows.GetInt64(1));
        if (highest > keyMax - 2 * KeyBlock)
            throw new BadInputException($"{where}: load writesTo '{name}' has keys up to {highest.ToString(CultureInfo.InvariantCulture)}, "
                + $"too close to its {key.Type} limit for a drill's writes above them.");
        // Far above every existing key, so a write's key says which write it was.
        var offset = (highest / KeyBlock + 1) * KeyBlock;
        return new DrillWriteTable(name, key.Name, offset, rows.GetString(0), string.Join(", ", settable));
    }

    /// <summary>One write per arrival: a row of the table under key <c>offset + seq</c>, recorded in <paramref name="ledger"/> once acknowledged.</summary>
    public LoadScenario Scenario(AcknowledgedWrites ledger, NpgsqlDataSource source)
        => ledger.Scenario("writes", async (seq, ct) =>
        {
            await using var cmd = _row is null
                ? source.CreateCommand($"INSERT INTO {_table} ({_key}) VALUES (@key)")
                : source.CreateCommand($"INSERT INTO {_table} ({_columns}) OVERRIDING SYSTEM VALUE SELECT {_columns} " +
                    $"FROM jsonb_populate_record(NULL::{_table}, @row::jsonb || jsonb_build_object(@keyName, @key))");
            cmd.Parameters.AddWithValue("key", _offset + seq);
            if (_row is not null)
            {
                cmd.Parameters.AddWithValue("row", _row);
                cmd.Parameters.AddWithValue("keyName", _keyName);
            }
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        });

    /// <summary>Sequence numbers of the writes still in the database; empty when the table itself is gone.</summary>
    public async Task<HashSet<long>> SurvivingAsync(string connectionString, CancellationToken cancellation)
    {
        var present = new HashSet<long>();
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync(cancellation).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand($"SELECT {_key}::bigint - @offset FROM {_table} WHERE {_key} >= @offset", c);
        cmd.Parameters.AddWithValue("offset", _offset);
        try
        {
            await using var reader = await cmd.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellation).ConfigureAwait(false)) present.Add(reader.GetInt64(0));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // The restore did not bring the table back: every acknowledged write is lost.
        }
        return present;
    }
}
