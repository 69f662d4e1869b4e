using System.Globalization;
using Npgsql;
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
    private readonly string _table;
    private readonly string _key;
    private readonly long _offset;
    private readonly string? _row;
    private readonly string _keyName;
    private readonly string? _columns;

    private DrillWriteTable(string table, string keyName, long offset, string? row, string? columns)
    {
        _columns = columns;
        _table = table;
        _keyName = keyName;
        _key = Quote(keyName);
        _offset = offset;
        _row = row;
    }

    /// <summary>
    /// The drill's write table: the ledger, or <c>load.writesTo</c>, which must exist, have a one-column integer primary
    /// key and hold a row to copy; otherwise bad input naming the drill file and line.
    /// </summary>
    public static async Task<DrillWriteTable> PrepareAsync(DrillDefinition drill, NpgsqlDataSource source, CancellationToken cancellation)
    {
        if (drill.Load.WritesTo is not { } name) return new DrillWriteTable(DrillEnvironment.WritesTable, "seq", 0, null, null);
        var where = $"{drill.SourcePath}({drill.Load.Line})";
        var table = name; // a plain lower-case identifier: DrillFileReader checked it
        await using var keys = source.CreateCommand("""
            SELECT a.attname, format_type(a.atttypid, a.atttypmod)
            FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = to_regclass(@t) AND i.indisprimary
            """);
        keys.Parameters.AddWithValue("t", table);
        var keyColumns = new List<(string Name, string Type)>();
        await using (var reader = await keys.ExecuteReaderAsync(cancellation).ConfigureAwait(false))
            while (await reader.ReadAsync(cancellation).ConfigureAwait(false)) keyColumns.Add((reader.GetString(0), reader.GetString(1)));
        if (keyColumns is not [{ Type: "integer" or "bigint" } key])
            throw new BadInputException($"{where}: load writesTo '{name}' needs a table of the drill database with a one-column integer primary key" +
                (keyColumns.Count == 0 ? "; it has none (or does not exist)." : $"; its key is {string.Join(", ", keyColumns.Select(c => $"{c.Name} {c.Type}"))}."));
        var keyName = Quote(key.Name);
        // Generated columns take no value: a write names only the columns it may set.
        await using var insertable = source.CreateCommand(
            "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(@t) AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum");
        insertable.Parameters.AddWithValue("t", table);
        var settable = new List<string>();
        await using (var reader = await insertable.ExecuteReaderAsync(cancellation).ConfigureAwait(false))
            while (await reader.ReadAsync(cancellation).ConfigureAwait(false)) settable.Add(Quote(reader.GetString(0)));
        var columns = string.Join(", ", settable);
        await using var sample = source.CreateCommand($"SELECT to_jsonb(t)::text, (SELECT max({keyName})::bigint FROM {table}) FROM {table} t ORDER BY {keyName} LIMIT 1");
        await using (var reader = await sample.ExecuteReaderAsync(cancellation).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellation).ConfigureAwait(false))
                throw new BadInputException($"{where}: load writesTo '{name}' is empty: a drill write is a copy of one of its rows under a new key.");
            // Far above every existing key, so a write's key says which write it was.
            var offset = (reader.GetInt64(1) / 1_000_000 + 1) * 1_000_000;
            return new DrillWriteTable(table, key.Name, offset, reader.GetString(0), columns);
        }
    }

    /// <summary>Where the writes go, for messages: <c>table pitches (key id)</c>.</summary>
    public string Description => $"table {_table} (key {_keyName})";

    /// <summary>One write per arrival: a row of the table under key <c>offset + seq</c>, recorded in <paramref name="ledger"/> once acknowledged.</summary>
    public LoadScenario Scenario(AcknowledgedWrites ledger, NpgsqlDataSource source)
        => ledger.Scenario("writes", async (seq, ct) =>
        {
            await using var cmd = _row is null
                ? source.CreateCommand($"INSERT INTO {_table} ({_key}) VALUES (@key)")
                : source.CreateCommand($"INSERT INTO {_table} ({_columns}) OVERRIDING SYSTEM VALUE SELECT {_columns} FROM jsonb_populate_record(NULL::{_table}, @row::jsonb || jsonb_build_object(@keyName, @key))");
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
        await using var cmd = new NpgsqlCommand(
            $"SELECT {_key}::bigint - {_offset.ToString(CultureInfo.InvariantCulture)} FROM {_table} WHERE {_key} >= {_offset.ToString(CultureInfo.InvariantCulture)}", c);
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

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
