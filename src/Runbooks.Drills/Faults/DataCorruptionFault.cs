using Npgsql;
using Runbooks.Drills.Environments.Postgres;
using Runbooks.Drills.Environments;
using Runbooks.Providers.Postgres;

namespace Runbooks.Drills.Faults;

/// <summary>
/// <c>data-corruption</c>: rows of <c>table</c> are deleted (all of them, or <c>rows</c> chosen at random). A backup is taken
/// before load starts; it stands for one <c>backupAge</c> old (a nightly dump is hours old), so the stretch from the backup
/// to the fault is recorded as simulated time of that real-world length. Restoring the backup mends the table and loses
/// every write acknowledged since, which is what the drill's RPO measures. <c>format: plain</c> makes the backup as seed 004
/// does, <c>pg_dump &gt; file.sql</c>, with nothing beside it: the runbook has to restore a SQL script and prove it without
/// a saved snapshot.
/// </summary>
public class DataCorruptionFault(string table, int? rows, TimeSpan backupAge, DbBackupFormat format = DbBackupFormat.Custom) : DrillFault
{
    private long _backupTaken;

    /// <summary>The backup taken before the fault, once <see cref="ArrangeAsync"/> took it.</summary>
    protected DbBackup? Backup { get; private set; }

    /// <summary>The table the fault deletes rows of.</summary>
    protected string Table => table;

    /// <inheritdoc />
    public override bool NeedsPostgres => true;

    /// <inheritdoc />
    public override async Task ArrangeAsync(DrillSite site, CancellationToken cancellation)
    {
        await RequireTableAsync(site, table, cancellation).ConfigureAwait(false);
        await using var db = site.Database();
        var backup = await db.Backup(site.BackupDirectory, format, cancellation).ConfigureAwait(false);
        Backup = backup;
        // Db.Backup always keeps the snapshot it took; `pg_dump > file.sql` keeps none, and the drill is of that.
        if (format == DbBackupFormat.Plain) File.Delete(DbBackup.SnapshotFileOf(backup.File));
        _backupTaken = site.Clock.Time.GetTimestamp();
    }

    /// <inheritdoc />
    public override async Task InjectAsync(DrillSite site, CancellationToken cancellation)
    {
        await CorruptAsync(site, table, rows, cancellation).ConfigureAwait(false);
        site.Clock.Record(_backupTaken, site.Clock.Time.GetTimestamp(), $"the backup's age ({Definitions.DurationText.Human(backupAge)})", backupAge);
    }

    /// <summary>
    /// The corruption itself: <paramref name="rows"/> rows of <paramref name="table"/> (all when null) deleted in one
    /// transaction. Returns the server's time after the delete and before its commit: every row it removed was committed
    /// before that moment, and the corruption itself after it.
    /// </summary>
    internal static async Task<DateTimeOffset> CorruptAsync(DrillSite site, string table, int? rows, CancellationToken cancellation)
    {
        var name = PostgresDatabases.Identifier(table);
        await using var connection = new NpgsqlConnection(site.DatabaseConnectionString);
        await connection.OpenAsync(cancellation).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellation).ConfigureAwait(false);
        await using (var delete = new NpgsqlCommand(rows is { } n
            ? $"DELETE FROM {name} WHERE ctid IN (SELECT ctid FROM {name} ORDER BY random() LIMIT {n})"
            : $"DELETE FROM {name}", connection, transaction))
            await delete.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        // The moment is handed on to the millisecond, rounded down: held open 2 ms more, the transaction's moment rounded
        // down still falls after the delete's snapshot, so no write committed in that last millisecond is both deleted and
        // out of a copy as of the moment. The drill tests the repair, not a race inside one millisecond.
        await using (var hold = new NpgsqlCommand("SELECT pg_sleep(0.002)", connection, transaction))
            await hold.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        await using var clock = new NpgsqlCommand("SELECT clock_timestamp()", connection, transaction);
        var before = (DateTime)(await clock.ExecuteScalarAsync(cancellation).ConfigureAwait(false))!;
        await transaction.CommitAsync(cancellation).ConfigureAwait(false);
        return new DateTimeOffset(DateTime.SpecifyKind(before, DateTimeKind.Utc));
    }

    /// <summary>Fails with the drill file's line when <paramref name="table"/> is not in the drill database.</summary>
    internal static async Task RequireTableAsync(DrillSite site, string table, CancellationToken cancellation)
    {
        await using var db = site.Database();
        var exists = await db.Scalar<bool>("SELECT to_regclass(@t) IS NOT NULL", new { t = table }, cancellation).ConfigureAwait(false);
        if (!exists)
            throw new Core.Errors.BadInputException($"{site.Drill.SourcePath}({site.Drill.Fault.Line}): fault table '{table}' does not exist in the drill database.");
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> ParamNames => ["backup", "backup-dir"];

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> RunbookParams(DrillSite site) => new Dictionary<string, string>
    {
        ["backup"] = "latest",
        ["backup-dir"] = site.BackupDirectory,
    };
}
