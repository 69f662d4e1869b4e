namespace Runbooks.Providers.Postgres;

/// <summary>
/// Seed 004's database checks in one result: <c>SELECT 1</c> answered, the row counts of the critical tables, and
/// the connections <c>pg_stat_activity</c> shows; and seed 001's query latency, measured.
/// </summary>
/// <param name="Endpoint"><c>host:port/database</c>.</param>
/// <param name="ServerVersion">The server's version, e.g. <c>15.8</c>.</param>
/// <param name="LatencyMs">How long <c>SELECT 1</c> took, connection included.</param>
/// <param name="TableRows">Exact row count per table (<c>schema.table</c>).</param>
/// <param name="Connections">Client connections to this database.</param>
/// <param name="ActiveConnections">Of those, the ones running a statement (<c>state = 'active'</c>).</param>
/// <param name="ReadOnly">Whether writes are stopped (<see cref="DbClient.StopWrites"/>).</param>
public sealed record DbHealth(string Endpoint, string ServerVersion, long LatencyMs, IReadOnlyDictionary<string, long> TableRows,
    int Connections, int ActiveConnections, bool ReadOnly)
{
    /// <summary>
    /// Query latency once connected: <c>SELECT 1</c> timed <see cref="DbClient.HealthLatencyProbes"/> times, for seed 001's
    /// "Database queries &lt; 500ms average" (<c>if (health.Query.Mean &gt; TimeSpan.FromMilliseconds(500)) Fail(...)</c>).
    /// </summary>
    public required DbQueryLatency Query { get; init; }
}
