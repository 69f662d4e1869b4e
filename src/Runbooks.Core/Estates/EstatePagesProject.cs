namespace Runbooks.Core.Estates;

/// <summary>A Cloudflare Pages project the team runs.</summary>
/// <param name="Name">The project name.</param>
/// <param name="Health">The path a probe checks, e.g. <c>/</c>.</param>
/// <param name="Url">Where it answers; in a drill, its address on the simulator.</param>
public sealed record EstatePagesProject(string Name, string Health, string? Url = null);
