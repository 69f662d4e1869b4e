namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>One version of a Worker deployment and its share of traffic.</summary>
/// <param name="VersionId">The version.</param>
/// <param name="Percentage">0 to 100; the shares of a deployment add up to 100.</param>
public sealed record VersionShare(string VersionId, double Percentage);
