using Runbooks.Drills.Environments.Postgres;
using Runbooks.Drills.Environments;

namespace Runbooks.Drills.Faults;

/// <summary>
/// <c>data-corruption</c>: rows of <c>table</c> are deleted (all of them, or <c>rows</c> chosen at random). A backup is taken
/// before load starts, as the nightly one would have been; restoring it mends the table and loses every write
/// acknowledged since, which is what the drill's RPO measures.
/// </summary>
public sealed class DataCorruptionFault(string table, int? rows) : DrillFault
{
    /// <inheritdoc />
    public override bool NeedsPostgres => true;

    /// <inheritdoc />
    public override async Task ArrangeAsync(DrillSite site, CancellationToken cancellation)
    {
        await using var db = site.Database();
        var exists = await db.Scalar<bool>("SELECT to_regclass(@t) IS NOT NULL", new { t = table }, cancellation).ConfigureAwait(false);
        if (!exists)
            throw new Core.Errors.BadInputException($"{site.Drill.SourcePath}({site.Drill.Fault.Line}): fault table '{table}' does not exist in the drill database.");
        await db.Backup(site.BackupDirectory, cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task InjectAsync(DrillSite site, CancellationToken cancellation)
    {
        await using var db = site.Database();
        var name = PostgresDatabases.Identifier(table);
        await db.Execute(rows is { } n
            ? $"DELETE FROM {name} WHERE ctid IN (SELECT ctid FROM {name} ORDER BY random() LIMIT {n})"
            : $"DELETE FROM {name}", cancellation: cancellation).ConfigureAwait(false);
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
