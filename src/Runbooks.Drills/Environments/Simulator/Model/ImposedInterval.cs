namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>
/// One interval the model imposed on the drill's clock: what, on which resource, from when to when (timestamps of the
/// drill's <see cref="System.TimeProvider"/>), and how long it stands for in the real world.
/// </summary>
/// <param name="Kind">What the provider was doing.</param>
/// <param name="Resource">The resource, e.g. <c>Worker pitchey-production</c>.</param>
/// <param name="StartTimestamp">When it began.</param>
/// <param name="EndTimestamp">When it ended (or will end).</param>
/// <param name="RealWorld">Its real-world length.</param>
public sealed record ImposedInterval(IntervalKind Kind, string Resource, long StartTimestamp, long EndTimestamp, TimeSpan RealWorld)
{
    /// <summary>How a timeline names it, e.g. <c>Cloudflare propagation of Worker x (2 s)</c>.</summary>
    public string Describe() => Kind switch
    {
        IntervalKind.Propagation => $"propagation of {Resource}",
        IntervalKind.AliasJob => $"alias job of {Resource}",
        IntervalKind.Build => $"build of {Resource}",
        IntervalKind.ApiOutage => $"{Resource} API outage",
        _ => $"{Resource} API rate limit",
    } + $" ({Core.Timing.HumanDuration.Of(RealWorld)})";
}
