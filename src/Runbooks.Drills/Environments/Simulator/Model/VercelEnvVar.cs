namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>A Vercel environment variable (V-16). Immutable; an edit replaces it.</summary>
/// <param name="Id">Its id (<c>env_...</c>).</param>
/// <param name="Key">Its name.</param>
/// <param name="Value">Its value.</param>
/// <param name="Type"><c>plain</c>, <c>encrypted</c>, <c>sensitive</c>, <c>system</c>.</param>
/// <param name="Targets"><c>production</c>, <c>preview</c>, <c>development</c>.</param>
/// <param name="Comment">Its comment.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record VercelEnvVar(string Id, string Key, string Value, string Type, IReadOnlyList<string> Targets, string? Comment,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
