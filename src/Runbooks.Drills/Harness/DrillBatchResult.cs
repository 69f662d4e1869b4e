using Runbooks.Drills.Measurement;

namespace Runbooks.Drills.Harness;

/// <summary>What a batch produced.</summary>
/// <param name="Results">One result per drill, in order.</param>
public sealed record DrillBatchResult(IReadOnlyList<DrillResult> Results)
{
    /// <summary>True when every drill passed.</summary>
    public bool Passed => Results.All(r => r.Passed);
}
