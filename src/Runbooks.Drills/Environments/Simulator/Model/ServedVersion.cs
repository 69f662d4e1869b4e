namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>A version an edge serves, how it behaves, and the share of traffic it gets (a split deployment has two).</summary>
/// <param name="Version">The version or deployment id.</param>
/// <param name="Behaviour">How it answers.</param>
/// <param name="Percentage">Its share of traffic, 0 to 100.</param>
/// <param name="Fields">What its healthy answers show besides status and version (a Vercel deployment's flags).</param>
public sealed record ServedVersion(string Version, ServiceBehaviour Behaviour, double Percentage = 100, IReadOnlyDictionary<string, string>? Fields = null)
{
    /// <summary>The API key this version accepts as a bearer token (its auth secret's value); null when it takes none.</summary>
    public string? AuthToken { get; init; }
}
