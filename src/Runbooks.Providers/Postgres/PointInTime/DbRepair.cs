namespace Runbooks.Providers.Postgres;

/// <summary>What <see cref="DbClient.Repair(PointInTimeCopy, CorruptingTransaction, CancellationToken)"/> put back.</summary>
/// <param name="Table">The table repaired.</param>
/// <param name="RowsRestored">Rows the corruption deleted that are back, as the copy had them.</param>
/// <param name="RowsReverted">Rows the corruption changed that have their earlier content back.</param>
/// <param name="RowsKept">Rows the copy holds differently that were left as they are: written again since the corruption
/// (a user's write wins), or, without the corrupting transaction, rows that cannot be told apart from such writes.</param>
/// <param name="RowsMissing">Rows of the copy's that are still not in the live table after the repair (0 when it worked).</param>
/// <param name="ElapsedMs">How long it took.</param>
public sealed record DbRepair(string Table, long RowsRestored, long RowsReverted, long RowsKept, long RowsMissing, long ElapsedMs)
{
    /// <inheritdoc />
    public override string ToString()
        => $"{Table}: {RowsRestored} rows restored, {RowsReverted} reverted, {RowsKept} kept as written since, {RowsMissing} still missing ({ElapsedMs} ms)";
}
