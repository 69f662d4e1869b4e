namespace Runbooks.Providers.Postgres;

/// <summary>
/// How fast the database answers a trivial query: <c>SELECT 1</c> timed a number of times on one open connection, so the
/// figures are the server's and the network's, not the connection set-up's. Seed 001's success criterion is "Database
/// queries &lt; 500ms average" and its Hyperdrive check "Connection latency acceptable (&lt; 200ms average)": a runbook
/// compares <see cref="Mean"/> (or <see cref="P95"/>, the stricter reading) with them and calls <c>Fail</c>.
/// </summary>
/// <param name="Probes">How many queries were timed.</param>
/// <param name="Mean">Their average.</param>
/// <param name="P95">Their 95th percentile, exact: the nearest-rank value of the sorted probes.</param>
/// <param name="Max">The slowest.</param>
public sealed record DbQueryLatency(int Probes, TimeSpan Mean, TimeSpan P95, TimeSpan Max)
{
    /// <summary>The figures of <paramref name="samples"/> (at least one).</summary>
    public static DbQueryLatency Of(IReadOnlyList<TimeSpan> samples)
    {
        if (samples.Count == 0) throw new ArgumentException("At least one probe is needed.", nameof(samples));
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(sorted.Length * 0.95);
        var mean = TimeSpan.FromTicks((long)sorted.Average(s => s.Ticks));
        return new DbQueryLatency(sorted.Length, mean, sorted[rank - 1], sorted[^1]);
    }

    /// <summary>"SELECT 1 over 10 probes: mean 0.41 ms, p95 0.9 ms, max 1.2 ms", for a log line or a <c>Fail</c> message.</summary>
    public override string ToString()
        => $"SELECT 1 over {Probes} probes: mean {Ms(Mean)}, p95 {Ms(P95)}, max {Ms(Max)}";

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString(t.TotalMilliseconds >= 100 ? "0" : "0.##", System.Globalization.CultureInfo.InvariantCulture) + " ms";
}
