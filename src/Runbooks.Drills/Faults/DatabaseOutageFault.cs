using Runbooks.Drills.Environments;
using Runbooks.Drills.Environments.Postgres;

namespace Runbooks.Drills.Faults;

/// <summary>
/// <c>outage</c> on the database target, the calibration of the database path: the table the application reads is renamed
/// away for exactly <c>duration</c> (every read fails: the relation does not exist) and renamed back from the harness's
/// clock, so the outage the read workload measures can be compared with the one injected.
/// </summary>
public sealed class DatabaseOutageFault(TimeSpan duration, string table = "pitches") : DrillFault
{
    private long _injectedAt;
    private bool _away;

    /// <inheritdoc />
    public override bool NeedsPostgres => true;

    /// <inheritdoc />
    public override TimeSpan? HealsAfter => duration;

    /// <inheritdoc />
    public override async Task InjectAsync(DrillSite site, CancellationToken cancellation)
    {
        await RenameAsync(site, table, Away, cancellation).ConfigureAwait(false);
        _away = true;
        _injectedAt = site.Clock.Time.GetTimestamp();
    }

    /// <inheritdoc />
    public override async Task HealAsync(DrillSite site, CancellationToken cancellation)
    {
        if (!_away) return;
        await RenameAsync(site, Away, table, cancellation).ConfigureAwait(false);
        _away = false;
        // Simulated for exactly the duration the heal was timed to; the rename's own time after that is measured.
        site.Clock.Record(_injectedAt, _injectedAt + (long)(duration.TotalSeconds * site.Clock.Time.TimestampFrequency), "the injected database outage");
    }

    /// <inheritdoc />
    public override async Task CleanUpAsync(DrillSite site, CancellationToken cancellation)
    {
        if (_away) await RenameAsync(site, Away, table, cancellation).ConfigureAwait(false);
        _away = false;
    }

    private string Away => table + "_outage";

    private static async Task RenameAsync(DrillSite site, string from, string to, CancellationToken cancellation)
    {
        await using var db = site.Database();
        await db.Execute($"ALTER TABLE {PostgresDatabases.Identifier(from)} RENAME TO {PostgresDatabases.Identifier(to)}", cancellation: cancellation).ConfigureAwait(false);
    }
}
