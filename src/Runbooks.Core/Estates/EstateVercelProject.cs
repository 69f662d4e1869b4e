namespace Runbooks.Core.Estates;

/// <summary>A Vercel project the team runs.</summary>
/// <param name="Name">The project name.</param>
/// <param name="Id">The project id (<c>prj_...</c>).</param>
/// <param name="Health">The path a probe checks, e.g. <c>/api/health</c>.</param>
/// <param name="Env">The production environment variables it runs with, by name.</param>
/// <param name="Url">Where it answers; in a drill, its address on the simulator.</param>
public sealed record EstateVercelProject(string Name, string Id, string Health, IReadOnlyDictionary<string, string> Env, string? Url = null)
{
    /// <summary>
    /// The setting under which the app's code fails every request (<c>faultFlag: { DRILL_FAULT: fail }</c>), or null: what a
    /// staging drill sets before redeploying to break a build through the public API. Staging twins run the same code.
    /// </summary>
    public EstateFaultFlag? FaultFlag { get; init; }
}
