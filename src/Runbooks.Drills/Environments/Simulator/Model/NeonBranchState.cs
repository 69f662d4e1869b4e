namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>A simulated Neon branch.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Name">Its name.</param>
/// <param name="ParentId">The branch it was made from.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="LastResetAt">When it was last restored.</param>
public sealed record NeonBranchState(string Id, string Name, string? ParentId, DateTimeOffset CreatedAt, DateTimeOffset? LastResetAt);
