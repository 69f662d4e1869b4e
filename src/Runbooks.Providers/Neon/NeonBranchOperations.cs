namespace Runbooks.Providers.Neon;

/// <summary>NEON-1's answer (<c>BranchOperations</c>): the branch, and the operations the restore set running.</summary>
/// <param name="Branch">The restored branch.</param>
/// <param name="Operations">The operations to wait for.</param>
public sealed record NeonBranchOperations(NeonBranch Branch, IReadOnlyList<NeonOperation> Operations);
