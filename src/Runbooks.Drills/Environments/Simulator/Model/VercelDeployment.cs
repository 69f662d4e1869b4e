namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>A Vercel deployment: a build of the project with the env values it was built with. Immutable.</summary>
/// <param name="Id">Its id (<c>dpl_...</c>).</param>
/// <param name="Url">Its own URL host (<c>project-abc123.vercel.app</c>).</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="Target"><c>production</c>, or null for a preview.</param>
/// <param name="Behaviour">How the app answers while it serves.</param>
/// <param name="Env">The env values it was built with (a change reaches only new deployments).</param>
/// <param name="ReadyTimestamp">When its build ends (a timestamp of the drill's clock); it is BUILDING until then.</param>
/// <param name="Meta">Its <c>meta</c> (e.g. <c>action: redeploy</c>).</param>
public sealed record VercelDeployment(string Id, string Url, DateTimeOffset CreatedAt, string? Target, ServiceBehaviour Behaviour,
    IReadOnlyDictionary<string, string> Env, long ReadyTimestamp, IReadOnlyDictionary<string, string> Meta)
{
    /// <summary>Its state at <paramref name="now"/>: <c>BUILDING</c> until its build ends, then <c>READY</c>.</summary>
    public string ReadyState(long now) => now >= ReadyTimestamp ? "READY" : "BUILDING";
}
