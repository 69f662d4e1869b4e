using System.Text.Json.Serialization;

namespace Runbooks.Providers.Postgres;

/// <summary>
/// The transaction that removed or changed a table's rows, as the WAL archive records it: when it committed, where its
/// first change is, and which row versions it removed (their locations in the table before it ran).
/// </summary>
/// <param name="Table">The table.</param>
/// <param name="Transaction">Its transaction id.</param>
/// <param name="CommittedAt">When it committed.</param>
/// <param name="FirstLsn">The WAL location of its first change to the table.</param>
/// <param name="RowsDeleted">Rows it deleted.</param>
/// <param name="RowsChanged">Rows it updated.</param>
public sealed record CorruptingTransaction(string Table, uint Transaction, DateTimeOffset CommittedAt, string FirstLsn, int RowsDeleted, int RowsChanged)
{
    /// <summary>
    /// The locations (<c>(block,offset)</c>) the deleted and the changed rows had before it ran: in a copy recovered to
    /// just before it, exactly the rows it took away. Not journaled (it can be a million entries).
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<string> RemovedRowLocations { get; init; } = [];

    /// <inheritdoc />
    public override string ToString()
        => $"transaction {Transaction}, committed {CommittedAt:yyyy-MM-dd HH:mm:ss.fff} UTC, deleted {RowsDeleted} and changed {RowsChanged} rows of {Table} (first change at {FirstLsn})";
}
