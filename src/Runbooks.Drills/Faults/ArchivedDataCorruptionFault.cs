using System.Globalization;
using Runbooks.Core.Errors;
using Runbooks.Core.Estates;
using Runbooks.Drills.Environments;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Faults;

/// <summary>
/// <c>data-corruption</c> with <c>backup: base</c>: the same corruption (rows of <c>table</c> deleted in one transaction)
/// on a server that archives its WAL, with a base backup taken before the load starts. Who runs the database is the
/// estate's <c>postgres:</c> section (the drill's own, else the estate file's):
/// <list type="bullet">
/// <item>self-managed: the runbook gets the base backup and the archive (<c>base-backup</c>, <c>wal-archive</c>) and the table;</item>
/// <item>neon or supabase: the simulated provider's restore is backed by the same base backup and archive, and the runbook
/// gets the table and <c>at</c>, the last moment before the corrupting transaction committed, to the millisecond (rounded
/// down); for Neon also the recovery branch's connection string, as the team's vault holds it. Only the harness knows
/// that moment this exactly (it is the corruption's author): the drill measures the repair given the best moment there
/// is. A real incident's is earlier (the statement's start in a log) or later (its duration line, after the commit):
/// earlier loses the table's writes in between, later keeps the damage, and the runbook says which.</item>
/// </list>
/// A point-in-time repair puts the rows back and loses none of the writes acknowledged since, which the drill's RPO
/// counts; with <c>load.writesTo</c> the damaged table, the writes the corruption removed count too. A restore to a time
/// earlier than <c>at</c> (Supabase's API takes whole seconds) cannot bring back the writes between the two, and the
/// drill measures that loss. The base backup's age is not simulated: what it changes in production is how much WAL a
/// copy replays (the copy's build time), never what is lost.
/// </summary>
public sealed class ArchivedDataCorruptionFault(string table, int? rows, EstatePostgresProvider? provider) : DrillFault
{
    private DateTimeOffset? _corruptedAt;

    /// <inheritdoc />
    public override bool NeedsPostgres => true;

    /// <inheritdoc />
    public override bool NeedsWalArchive => true;

    /// <inheritdoc />
    public override bool NeedsSimulator => provider is EstatePostgresProvider.Neon or EstatePostgresProvider.Supabase;

    /// <inheritdoc />
    public override async Task ArrangeAsync(DrillSite site, CancellationToken cancellation)
    {
        if (site.WalArchiveDirectory is null)
            throw new EnvironmentUnavailableException(
                $"{site.Drill.SourcePath}({site.Drill.Fault.Line}): fault data-corruption with backup: base needs a PostgreSQL that archives its WAL on this machine.");
        await DataCorruptionFault.RequireTableAsync(site, table, cancellation).ConfigureAwait(false);
        await using var db = site.Database();
        if (site.TakeBaseBackup is { } takeInContainer) await takeInContainer(BaseBackupDirectory(site), cancellation).ConfigureAwait(false);
        else await db.BaseBackup(BaseBackupDirectory(site), cancellation).ConfigureAwait(false);
        if (site.Estate.Postgres.Provider != EstatePostgresProvider.SelfManaged)
        {
            // A restore may be asked for as of a whole second (Supabase's API takes no less), rounded down; the providers'
            // history (what a copy can be built for) starts when the base backup ended. A corruption in the same second as
            // the backup's end would then ask for a time before it, which is a drill artefact (a real history is days
            // long): start the next second first. Real time before the load starts: nothing is measured yet.
            var backupEnd = await db.Scalar<DateTime>("SELECT clock_timestamp()", cancellation: cancellation).ConfigureAwait(false);
            var nextSecond = new DateTime(backupEnd.Ticks - backupEnd.Ticks % TimeSpan.TicksPerSecond, backupEnd.Kind).AddSeconds(1);
            await Task.Delay(nextSecond - backupEnd + TimeSpan.FromMilliseconds(20), cancellation).ConfigureAwait(false);
            await site.Simulator.Model.Postgres.AttachAsync(site.Estate.Postgres,
                new PostgresBacking(site.DatabaseConnectionString!, BaseBackupDirectory(site), site.WalArchiveDirectory,
                    new DateTimeOffset(DateTime.SpecifyKind(backupEnd, DateTimeKind.Utc)))).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override async Task InjectAsync(DrillSite site, CancellationToken cancellation)
        => _corruptedAt = await DataCorruptionFault.CorruptAsync(site, table, rows, cancellation).ConfigureAwait(false);

    /// <inheritdoc />
    public override IReadOnlyList<string> ParamNames => ["base-backup", "wal-archive", "table", "at"];

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> RunbookParams(DrillSite site)
        => site.Estate.Postgres.Provider == EstatePostgresProvider.SelfManaged
            ? new Dictionary<string, string>
            {
                ["base-backup"] = BaseBackupDirectory(site),
                ["wal-archive"] = site.WalArchiveDirectory ?? "",
                ["table"] = table,
            }
            : new Dictionary<string, string>
            {
                ["table"] = table,
                ["at"] = _corruptedAt is { } at
                    ? new DateTimeOffset(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
                    : throw new InvalidOperationException("The corruption has not been injected yet."),
            };

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> RunbookSecrets(DrillSite site)
        => site.Estate.Postgres is { Provider: EstatePostgresProvider.Neon, NeonRecoverySecret: { } secret }
           && site.Simulator.Model.Postgres.RecoveryConnectionString is { } connection
            ? new Dictionary<string, string> { [secret] = connection }
            : new Dictionary<string, string>();

    private static string BaseBackupDirectory(DrillSite site) => Path.Combine(site.BackupDirectory, "base");
}
