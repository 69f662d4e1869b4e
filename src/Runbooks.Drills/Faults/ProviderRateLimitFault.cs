using Runbooks.Drills.Environments.Simulator;
using Runbooks.Drills.Environments;

namespace Runbooks.Drills.Faults;

/// <summary>
/// <c>provider-rate-limit</c>: the target's bad release goes live and its provider's API answers the runbook's next
/// <c>count</c> calls with 429 and <c>Retry-After</c>. The wait the API asks for is the provider's real-world time: the
/// client waits it on the drill's clock, which records it as simulated time, so it counts in full in the projection.
/// </summary>
public sealed class ProviderRateLimitFault(DrillFault release, TimeSpan retryAfter, int count) : DrillFault
{
    /// <inheritdoc />
    public override bool NeedsSimulator => true;

    /// <inheritdoc />
    public override async Task InjectAsync(DrillSite site, CancellationToken cancellation)
    {
        await site.Simulator.Faults.RateLimitAsync(site.Api, (int)Math.Ceiling(retryAfter.TotalSeconds), count).ConfigureAwait(false);
        await release.InjectAsync(site, cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task CleanUpAsync(DrillSite site, CancellationToken cancellation) => site.Simulator.Faults.ClearAsync();
}
