using Runbooks.Drills.Environments;
using Runbooks.Drills.Faults;
using Runbooks.Providers.Postgres;

namespace Runbooks.Drills.Staging;

/// <summary>
/// <c>data-corruption</c> in staging: on the staging database only (the estate's staging secret, which
/// <see cref="StagingGuard"/> has checked is not production's), and only after a backup of it was taken and verified: the
/// database still matches, row counts and checksums, the snapshot taken in the dump's own transaction, so the dump holds
/// the pre-drill state. Whatever happens afterwards (the runbook fails, a stop condition trips, Ctrl-C), clean-up
/// compares the database with that backup and restores it when they differ, and lets writes resume if the drill left
/// them stopped while they ran before.
/// </summary>
public sealed class StagingDataCorruptionFault(string table, int? rows, TimeSpan backupAge) : DataCorruptionFault(table, rows, backupAge, DbBackupFormat.Custom)
{
    private bool _wasWritable;

    /// <inheritdoc />
    public override async Task ArrangeAsync(DrillSite site, CancellationToken cancellation)
    {
        await using (var db = site.Database())
            _wasWritable = !(await db.Health(cancellation: cancellation).ConfigureAwait(false)).ReadOnly;
        await base.ArrangeAsync(site, cancellation).ConfigureAwait(false);
        var backup = Backup!;
        if (!backup.Snapshot.Tables.Any(t => t.Table == Table || t.Table.EndsWith("." + Table, StringComparison.Ordinal)))
            throw new Core.Errors.EnvironmentUnavailableException($"The backup {backup.File} of the staging database has no table {Table}: nothing was injected.");
        await using (var db = site.Database())
            await db.Verify(backup.Snapshot, cancellation).ConfigureAwait(false); // throws (nothing injected) if the backup is not the database as it is
        site.Log($"  staging: backed up {site.DatabaseName ?? "the staging database"} to {backup.File} and verified it ({backup.Snapshot.Tables.Count} tables, {backup.Snapshot.TotalRows} rows); "
            + "it is restored from there if the drill does not end with the data as it was.");
    }

    /// <inheritdoc />
    public override async Task CleanUpAsync(DrillSite site, CancellationToken cancellation)
    {
        if (Backup is not { } backup) return;
        await using var db = site.Database();
        var differences = backup.Snapshot.Differences(await db.Snapshot(cancellation).ConfigureAwait(false));
        if (differences.Count == 0)
            site.Log($"  staging: the staging database matches its pre-drill backup {backup.File}.");
        else
        {
            await db.Restore(backup.File, verify: true, cancellation).ConfigureAwait(false);
            site.Log($"  staging: restored the staging database from its pre-drill backup {backup.File} ({string.Join("; ", differences.Take(3))}).");
        }
        if (_wasWritable && (await db.Health(cancellation: cancellation).ConfigureAwait(false)).ReadOnly)
        {
            await db.ResumeWrites(cancellation).ConfigureAwait(false);
            site.Log("  staging: writes resumed on the staging database, as they ran before the drill.");
        }
    }
}
