namespace Runbooks.Tests.Drills.Harness;

/// <summary>
/// A drill times a service on a two-core machine: like the drills collection it runs alone, but without that
/// collection's fixture (every drill), since it needs only the cheap calibration drill.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DrillHistoryCollection
{
    public const string Name = "drill history";
}
