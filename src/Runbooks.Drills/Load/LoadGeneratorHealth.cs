namespace Runbooks.Drills.Load;

/// <summary>The generator measuring itself: a run whose arrivals left late is not a measurement of the service.</summary>
/// <param name="Planned">Arrivals the schedule called for so far.</param>
/// <param name="Sent">Arrivals actually started (dropped ones excluded).</param>
/// <param name="LagP50">Median delay between intended and actual send.</param>
/// <param name="LagP99">99th percentile of that delay.</param>
/// <param name="LateFraction">Fraction of arrivals sent more than 2 ms late.</param>
public sealed record LoadGeneratorHealth(long Planned, long Sent, TimeSpan LagP50, TimeSpan LagP99, double LateFraction)
{
    /// <summary>Arrivals dropped over the in-flight cap: never sent, so the service was not measured for them.</summary>
    public long Dropped { get; init; }

    /// <summary>True when more than 1% of arrivals left over 2 ms late: the generator, not the service, was the bottleneck.</summary>
    public bool Saturated => LateFraction > 0.01;
}
