namespace Runbooks.Providers.Neon;

/// <summary>A Neon operation (NEON-2): what a restore set running, and how it stands.</summary>
/// <param name="Id">The operation id.</param>
/// <param name="ProjectId">Its project.</param>
/// <param name="BranchId">The branch it acts on, if any.</param>
/// <param name="Action">e.g. <c>create_timeline</c>.</param>
/// <param name="Status"><c>scheduling</c>, <c>running</c>, <c>finished</c>, <c>failed</c>, <c>error</c>, <c>cancelling</c>, <c>cancelled</c>, <c>skipped</c>.</param>
/// <param name="FailuresCount">How often it failed and was retried by Neon.</param>
/// <param name="Error">Neon's error, when it failed.</param>
/// <param name="TotalDurationMs">How long it ran.</param>
public sealed record NeonOperation(string Id, string ProjectId, string? BranchId, string Action, string Status, int FailuresCount, string? Error,
    long TotalDurationMs)
{
    /// <summary>Whether it succeeded (<c>finished</c>; <c>skipped</c> means there was nothing to do).</summary>
    public bool Succeeded => Status is "finished" or "skipped";

    /// <summary>Whether it ended without succeeding.</summary>
    public bool Failed => Status is "failed" or "error" or "cancelled";
}
