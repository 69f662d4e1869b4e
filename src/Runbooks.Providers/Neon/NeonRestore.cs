namespace Runbooks.Providers.Neon;

/// <summary>What <see cref="NeonClient.RestoreBranch"/> did: the branch restored, from which branch and moment, how long it took.</summary>
/// <param name="Branch">The restored branch, as Neon answered.</param>
/// <param name="SourceBranchId">The branch its data came from.</param>
/// <param name="SourceTimestamp">The moment of the source branch it now holds.</param>
/// <param name="Operations">The operations the restore ran, as they finished.</param>
/// <param name="Elapsed">From the request to the last operation finished.</param>
/// <param name="Polls">Operation polls it took.</param>
public sealed record NeonRestore(NeonBranch Branch, string SourceBranchId, DateTimeOffset SourceTimestamp, IReadOnlyList<NeonOperation> Operations,
    TimeSpan Elapsed, int Polls)
{
    /// <inheritdoc />
    public override string ToString()
        => $"branch {Branch.Id} holds {SourceBranchId} as of {SourceTimestamp:yyyy-MM-dd HH:mm:ss} UTC ({Operations.Count} operations finished in {Elapsed.TotalSeconds:0.0} s, {Polls} polls)";
}
