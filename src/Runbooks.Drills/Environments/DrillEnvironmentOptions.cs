using Runbooks.Drills.Environments.Postgres;
using Runbooks.Drills.Environments.Simulator;

namespace Runbooks.Drills.Environments;

/// <summary>What a batch of drills needs started, and anything already running it may share (tests share one of each).</summary>
public sealed record DrillEnvironmentOptions
{
    /// <summary>Start the provider simulator (WireMock).</summary>
    public bool NeedsSimulator { get; init; }

    /// <summary>Start PostgreSQL.</summary>
    public bool NeedsPostgres { get; init; }

    /// <summary>The repository whose <c>drills/</c> holds mocks and migrations.</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>A running simulator to use instead of starting one (not stopped with the environment).</summary>
    public SimulatorHost? SharedSimulator { get; init; }

    /// <summary>A running server to use instead of starting one (not stopped with the environment).</summary>
    public IPostgresEnvironment? SharedPostgres { get; init; }

    /// <summary>
    /// A database on <see cref="SharedPostgres"/> already migrated and seeded, with no connections, to clone for each
    /// drill; null to build one.
    /// </summary>
    public string? TemplateDatabase { get; init; }

    /// <summary>Progress lines for the console.</summary>
    public Action<string> Log { get; init; } = _ => { };
}
