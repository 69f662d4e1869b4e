using Runbooks.Drills.Environments;

namespace Runbooks.Drills.Faults;

/// <summary>
/// <c>broken-migration</c>: a migration from <c>drills/db/faults/</c> that applies cleanly and breaks the application's
/// queries is applied on top of the last stable version; rolling the schema back to the last stable version mends it.
/// </summary>
public sealed class BrokenMigrationFault(string migration) : DrillFault
{
    /// <inheritdoc />
    public override bool NeedsPostgres => true;

    /// <inheritdoc />
    public override async Task ArrangeAsync(DrillSite site, CancellationToken cancellation)
    {
        foreach (var suffix in new[] { ".up.sql", ".down.sql" })
            if (!File.Exists(Source(site, suffix)))
                throw new Core.Errors.BadInputException($"{site.Drill.SourcePath}({site.Drill.Fault.Line}): fault migration {Source(site, suffix)} does not exist.");
        await using var db = site.Database();
        await db.Migrations.MarkStable(cancellation: cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task InjectAsync(DrillSite site, CancellationToken cancellation)
    {
        foreach (var suffix in new[] { ".up.sql", ".down.sql" })
            File.Copy(Source(site, suffix), Path.Combine(site.MigrationsDirectory, migration + suffix), overwrite: true);
        await using var db = site.Database();
        await db.Migrations.Apply(cancellation: cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> ParamNames => ["migrations", "backup-dir"];

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> RunbookParams(DrillSite site) => new Dictionary<string, string>
    {
        ["migrations"] = site.MigrationsDirectory,
        ["backup-dir"] = site.BackupDirectory,
    };

    private string Source(DrillSite site, string suffix) => Path.Combine(site.RepositoryRoot, "drills", "db", "faults", migration + suffix);
}
