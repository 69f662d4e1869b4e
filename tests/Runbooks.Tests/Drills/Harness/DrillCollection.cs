namespace Runbooks.Tests.Drills.Harness;

/// <summary>
/// Drills measure time on a two-core machine: they run alone, after the parallel collections, so a compiling or
/// PostgreSQL-heavy neighbour does not show up as a slower recovery.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DrillCollection : ICollectionFixture<DrillSuiteRun>
{
    public const string Name = "drills";
}
