namespace Runbooks.Core.Estates;

/// <summary>A Cloudflare Worker the team runs: what a probe checks and which secrets and vars it needs.</summary>
/// <param name="Name">The script name, as in <c>wrangler deploy --name</c>.</param>
/// <param name="Health">The health endpoint's path, e.g. <c>/api/health</c>.</param>
/// <param name="Critical">Paths that must answer for the service to count as up (the seeds' "critical endpoints").</param>
/// <param name="Secrets">The secret bindings the Worker reads.</param>
/// <param name="Vars">The plain-text vars it runs with, by name.</param>
/// <param name="Url">Where it answers (its route or workers.dev URL); in a drill, its address on the simulator.</param>
public sealed record EstateWorker(string Name, string Health, IReadOnlyList<string> Critical, IReadOnlyList<string> Secrets,
    IReadOnlyDictionary<string, string> Vars, string? Url = null)
{
    /// <summary>
    /// The secret whose value clients present as <c>Authorization: Bearer</c> (an API key), one of <see cref="Secrets"/>;
    /// null when the Worker takes none. A rotation replaces it, and the old value must then be refused.
    /// </summary>
    public string? Auth { get; init; }

    /// <summary>
    /// Vars that may take any of several values (which AI provider to call, seed 003 Scenario 5), by name: every value
    /// listed is a working configuration, the one in <see cref="Vars"/> is the usual one. Any other var has exactly one.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Choices { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}
