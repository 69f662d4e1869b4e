namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>A simulated Neon operation: the background work behind it and how often it has been polled.</summary>
/// <param name="Id">The operation id.</param>
/// <param name="BranchId">The branch it acts on.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Work">The real work (building a copy); faulted work makes the operation <c>failed</c>.</param>
public sealed record NeonOperationState(string Id, string BranchId, DateTimeOffset CreatedAt, Task Work)
{
    /// <summary>Polls (NEON-2) so far.</summary>
    public int Polls { get; set; }
}
