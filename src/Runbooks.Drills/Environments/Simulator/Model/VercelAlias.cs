namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>An alias assigned by hand (V-14) to one deployment.</summary>
/// <param name="Uid">Its id.</param>
/// <param name="Alias">The hostname.</param>
/// <param name="DeploymentId">The deployment it points at.</param>
/// <param name="Created">When it was assigned.</param>
public sealed record VercelAlias(string Uid, string Alias, string DeploymentId, DateTimeOffset Created);
