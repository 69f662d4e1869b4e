namespace Runbooks.Drills.Staging;

/// <summary>What one staging drill reaches: the staging twin of the drill's service (or the staging database), and nothing else.</summary>
/// <param name="Fault">What the drill causes there.</param>
/// <param name="ProductionName">The service's name in production (the estate's); for the database, the secret that holds it.</param>
/// <param name="Name">Its staging twin's name (the runbook's <c>worker</c> or <c>project</c>); for the database, its name.</param>
/// <param name="Url">Where the twin answers (the runbook's <c>url</c>; the load goes there); null for the database.</param>
/// <param name="Variables">What the runbook runs with: the staging API endpoints, account and token (or database URL), nothing of production.</param>
/// <param name="Hosts">Every host the drill may reach: the staging APIs' and the twin's, or the database server's.</param>
public sealed record StagingTarget(StagingFaultKind Fault, string ProductionName, string Name, string? Url, IReadOnlyDictionary<string, string> Variables,
    IReadOnlyList<string> Hosts)
{
    /// <summary>The staging database's connection string, for a data drill; null otherwise.</summary>
    public string? DatabaseConnectionString => Fault == StagingFaultKind.DataCorruption ? Variables.GetValueOrDefault(Providers.Postgres.DbClient.DefaultSecret) : null;
}
