namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>
/// How long the providers take on their own time, in real-world terms; the model imposes each at the drill's time scale
/// and records it. Immutable; validated when the model takes it.
/// </summary>
public sealed record ProviderTimings
{
    /// <summary>2 s for every propagation and alias job, 20 s for a Vercel build.</summary>
    public static ProviderTimings Default { get; } = new();

    /// <summary>
    /// From a Worker deployment (or secret or settings change) recorded by the API to every edge serving it. Cloudflare
    /// documents "within seconds" and no figure.
    /// </summary>
    public TimeSpan WorkerPropagation { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>From a Pages rollback or retry to the site serving it.</summary>
    public TimeSpan PagesPropagation { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>From a Vercel rollback or promote to its alias job succeeding ("about a second", Vercel Academy).</summary>
    public TimeSpan VercelAliasJob { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>From a Vercel redeploy to the new deployment being READY and aliased.</summary>
    public TimeSpan VercelBuild { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The same timings with every propagation and alias job set to <paramref name="propagation"/> (a drill's <c>fault.propagation</c>).</summary>
    public ProviderTimings WithPropagation(TimeSpan propagation)
        => this with { WorkerPropagation = propagation, PagesPropagation = propagation, VercelAliasJob = propagation };

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first negative timing.</summary>
    public ProviderTimings Validate()
    {
        foreach (var (name, value) in new[] { (nameof(WorkerPropagation), WorkerPropagation), (nameof(PagesPropagation), PagesPropagation),
                     (nameof(VercelAliasJob), VercelAliasJob), (nameof(VercelBuild), VercelBuild) })
            if (value < TimeSpan.Zero) throw new ArgumentOutOfRangeException(name, value, "must not be negative");
        return this;
    }
}
