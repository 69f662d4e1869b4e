namespace Runbooks.Providers.Neon;

/// <summary>A Neon branch, as NEON-1 and NEON-4 answer it (the fields a restore reads).</summary>
/// <param name="Id">The branch id (<c>br-...</c>).</param>
/// <param name="ProjectId">Its project.</param>
/// <param name="Name">Its name.</param>
/// <param name="ParentId">The branch it was made from; after a restore with <c>preserve_under_name</c>, the backup branch.</param>
/// <param name="CurrentState">e.g. <c>ready</c>.</param>
/// <param name="LastResetAt">When it was last restored, if ever.</param>
public sealed record NeonBranch(string Id, string ProjectId, string Name, string? ParentId, string? CurrentState, DateTimeOffset? LastResetAt);
