using Runbooks.Drills.Environments;

namespace Runbooks.Drills.Faults;

/// <summary>
/// <c>provider-outage</c>: the target's bad release goes live and its provider's API answers every call with 502 for
/// <c>duration</c> (scaled), then recovers. The runbook has to ride it out with its retries, or fail and say so.
/// </summary>
public sealed class ProviderOutageFault(DrillFault release, TimeSpan duration) : DrillFault
{
    private CancellationTokenSource? _end;
    private Task? _ending;

    /// <inheritdoc />
    public override bool NeedsSimulator => true;

    /// <inheritdoc />
    public override async Task InjectAsync(DrillSite site, CancellationToken cancellation)
    {
        await site.Simulator.Faults.ServerErrorsAsync(site.Api, times: 0).ConfigureAwait(false);
        await release.InjectAsync(site, cancellation).ConfigureAwait(false);
        // The API's outage is not the service's: it ends on its own while the service stays broken until the runbook acts.
        _end = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var token = _end.Token;
        // Not recorded as a span of its own: the service is down because of the release, not the API, and what the outage
        // costs the runbook is the back-offs its client waits out, which the client records on the drill's clock.
        _ending = Task.Run(async () =>
        {
            try { await Task.Delay(duration, site.Clock.Time, token).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
            await site.Simulator.Faults.ClearAsync().ConfigureAwait(false);
        }, CancellationToken.None);
    }

    /// <inheritdoc />
    public override async Task CleanUpAsync(DrillSite site, CancellationToken cancellation)
    {
        try
        {
            if (_end is not null) await _end.CancelAsync().ConfigureAwait(false);
            // Its own ClearAsync may have failed (the simulator went away); the one below says so if it still fails.
            if (_ending is not null) await _ending.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            _end?.Dispose();
        }
        finally
        {
            await site.Simulator.Faults.ClearAsync().ConfigureAwait(false);
        }
    }
}
