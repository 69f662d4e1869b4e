namespace Runbooks.Providers.Postgres;

/// <summary>One migration as <see cref="DbMigrations.Status"/> sees it.</summary>
/// <param name="Version">Its number.</param>
/// <param name="Name">Its name.</param>
/// <param name="Applied">Whether <c>schema_migrations</c> records it.</param>
/// <param name="AppliedAt">When it was applied, if it was.</param>
/// <param name="Stable">Whether it was marked stable (a version the service ran well on).</param>
/// <param name="Modified">Applied, but its up file has changed since.</param>
/// <param name="Reversible">It has a down file.</param>
public sealed record MigrationState(long Version, string Name, bool Applied, DateTimeOffset? AppliedAt, bool Stable, bool Modified,
    bool Reversible);

/// <summary>Where the database stands: current version, last stable version, and every migration known to the folder or the table.</summary>
/// <param name="Current">The highest applied version, or null when none is.</param>
/// <param name="LastStable">The highest applied version marked stable, or null.</param>
/// <param name="Migrations">Every migration, by version.</param>
public sealed record MigrationStatus(long? Current, long? LastStable, IReadOnlyList<MigrationState> Migrations)
{
    /// <summary>Migrations in the folder that are not applied.</summary>
    public IReadOnlyList<MigrationState> Pending => Migrations.Where(m => !m.Applied).ToList();
}

/// <summary>What an apply or a rollback did.</summary>
/// <param name="From">The version before.</param>
/// <param name="To">The version after.</param>
/// <param name="Files">The files run, in order.</param>
/// <param name="ElapsedMs">How long it took.</param>
public sealed record MigrationRun(long? From, long? To, IReadOnlyList<string> Files, long ElapsedMs);
