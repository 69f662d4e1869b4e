using Runbooks.Tests.Support;

namespace Runbooks.Tests.Drills.Staging;

/// <summary>
/// Staging drills measure time like every drill, so they run alone after the parallel collections; they have their own
/// collection rather than the drill suite's, so running them does not start <c>drill run --all</c> first. The PostgreSQL
/// server holds the staging database of the data drills.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StagingDrillCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "staging drills";
}
