namespace Runbooks.Drills.Staging;

/// <summary>What one staging drill reaches: the staging twin of the drill's service, and nothing else.</summary>
/// <param name="ProductionName">The service's name in production (the estate's).</param>
/// <param name="Name">Its staging twin's name (the runbook's <c>worker</c>).</param>
/// <param name="Url">Where the twin answers (the runbook's <c>url</c>; the load goes there).</param>
/// <param name="Variables">What the runbook runs with: the staging API endpoints, account and token, nothing of production.</param>
/// <param name="Hosts">Every host the drill may reach: the staging APIs' and the twin's.</param>
public sealed record StagingTarget(string ProductionName, string Name, string Url, IReadOnlyDictionary<string, string> Variables, IReadOnlyList<string> Hosts);
