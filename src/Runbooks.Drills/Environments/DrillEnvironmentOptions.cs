namespace Runbooks.Drills.Environments;

/// <summary>What a batch of drills needs started.</summary>
public sealed record DrillEnvironmentOptions
{
    /// <summary>Start the provider simulator (WireMock.Net, in-process).</summary>
    public bool NeedsSimulator { get; init; }

    /// <summary>Start PostgreSQL.</summary>
    public bool NeedsPostgres { get; init; }

    /// <summary>
    /// Whether PostgreSQL must keep its durability settings (fsync, synchronous commit): an RPO drill counts acknowledged
    /// writes, and without them an acknowledgement does not mean the write was kept.
    /// </summary>
    public bool DurablePostgres { get; init; }

    /// <summary>Whether PostgreSQL must archive its WAL, for drills whose runbook repairs from a point in time.</summary>
    public bool ArchiveWal { get; init; }

    /// <summary>Which PostgreSQL to start (<c>.config/drills.json</c> <c>postgres</c>, <c>--postgres</c>): embedded by default.</summary>
    public Postgres.PostgresSettings Postgres { get; init; } = Environments.Postgres.PostgresSettings.Default;

    /// <summary>The repository whose <c>drills/</c> holds migrations.</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>The estate the simulator models (the repository's <c>.config/estate.yaml</c>, or <c>--estate</c>).</summary>
    public required Core.Estates.Estate Estate { get; init; }

    /// <summary>Progress lines for the console.</summary>
    public Action<string> Log { get; init; } = _ => { };
}
