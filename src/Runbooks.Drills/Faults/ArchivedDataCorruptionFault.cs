using Runbooks.Core.Errors;
using Runbooks.Drills.Environments;

namespace Runbooks.Drills.Faults;

/// <summary>
/// <c>data-corruption</c> with <c>backup: base</c>: the same corruption (rows of <c>table</c> deleted in one transaction)
/// on a server that archives its WAL, as a self-managed production server does, with a base backup taken before the load
/// starts. The runbook gets the base backup and the archive (<c>base-backup</c>, <c>wal-archive</c>) and the table the
/// incident names; a point-in-time repair puts the rows back and loses none of the writes acknowledged since, which the
/// drill's RPO counts. The base backup's age is not simulated: what it changes in production is how much WAL a copy
/// replays (the copy's build time), never what is lost.
/// </summary>
public sealed class ArchivedDataCorruptionFault(string table, int? rows) : DrillFault
{
    /// <inheritdoc />
    public override bool NeedsPostgres => true;

    /// <inheritdoc />
    public override bool NeedsWalArchive => true;

    /// <inheritdoc />
    public override async Task ArrangeAsync(DrillSite site, CancellationToken cancellation)
    {
        if (site.WalArchiveDirectory is null)
            throw new EnvironmentUnavailableException(
                $"{site.Drill.SourcePath}({site.Drill.Fault.Line}): fault data-corruption with backup: base needs a PostgreSQL that archives its WAL on this machine (the embedded one: --postgres embedded).");
        await DataCorruptionFault.RequireTableAsync(site, table, cancellation).ConfigureAwait(false);
        await using var db = site.Database();
        await db.BaseBackup(BaseBackupDirectory(site), cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task InjectAsync(DrillSite site, CancellationToken cancellation)
        => DataCorruptionFault.CorruptAsync(site, table, rows, cancellation);

    /// <inheritdoc />
    public override IReadOnlyList<string> ParamNames => ["base-backup", "wal-archive", "table"];

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> RunbookParams(DrillSite site) => new Dictionary<string, string>
    {
        ["base-backup"] = BaseBackupDirectory(site),
        ["wal-archive"] = site.WalArchiveDirectory ?? "",
        ["table"] = table,
    };

    private static string BaseBackupDirectory(DrillSite site) => Path.Combine(site.BackupDirectory, "base");
}
