namespace Runbooks.Providers.Postgres;

/// <summary>One table's content in two numbers: its rows and a checksum of every row's text (order does not matter).</summary>
/// <param name="Table"><c>schema.table</c>.</param>
/// <param name="Rows">Exact row count.</param>
/// <param name="Checksum">A hash of the multiset of rows: equal content gives an equal checksum, whatever the physical order.</param>
public sealed record TableSnapshot(string Table, long Rows, string Checksum);

/// <summary>
/// The content of every table of a database at one moment: what a backup held, and what a restore must give back.
/// Written next to each backup as <c>FILE.snapshot.json</c>.
/// </summary>
/// <param name="Database">The database's name.</param>
/// <param name="TakenAt">When it was taken.</param>
/// <param name="Tables">Every base table outside the system schemas, ordered by name.</param>
public sealed record DbSnapshot(string Database, DateTimeOffset TakenAt, IReadOnlyList<TableSnapshot> Tables)
{
    /// <summary>Total rows over all tables.</summary>
    public long TotalRows => Tables.Sum(t => t.Rows);

    /// <summary>How <paramref name="actual"/> differs from this snapshot, one sentence per table; empty when identical.</summary>
    public IReadOnlyList<string> Differences(DbSnapshot actual)
    {
        var expected = Tables.ToDictionary(t => t.Table, StringComparer.Ordinal);
        var found = actual.Tables.ToDictionary(t => t.Table, StringComparer.Ordinal);
        var differences = new List<string>();
        foreach (var e in Tables)
        {
            if (!found.TryGetValue(e.Table, out var a)) differences.Add($"{e.Table} is missing");
            else if (a.Rows != e.Rows) differences.Add($"{e.Table} has {a.Rows} rows, expected {e.Rows}");
            else if (a.Checksum != e.Checksum) differences.Add($"{e.Table} has {a.Rows} rows as expected but different content");
        }
        differences.AddRange(actual.Tables.Where(a => !expected.ContainsKey(a.Table)).Select(a => $"{a.Table} was not expected"));
        return differences;
    }
}
