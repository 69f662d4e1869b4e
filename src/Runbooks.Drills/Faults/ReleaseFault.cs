using Runbooks.Drills.Environments;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Faults;

/// <summary>
/// A bad release of the drill's service, as a model event: the provider's own history gains a release that fails and it
/// serves at once (the fault point is when it went live), so the runbook's rollback has the release before it to go back
/// to, through the same API calls as in production. Subclasses say how each provider gets a release.
/// </summary>
public abstract class ReleaseFault(ServiceBehaviour behaviour) : DrillFault
{
    /// <summary>How the bad release answers (the default fails every request with 500).</summary>
    protected ServiceBehaviour Behaviour { get; } = behaviour;

    /// <inheritdoc />
    public override bool NeedsSimulator => true;

    /// <inheritdoc />
    public override Task InjectAsync(DrillSite site, CancellationToken cancellation)
    {
        var model = site.Simulator.Model;
        var service = site.ServiceName ?? throw new InvalidOperationException($"Drill {site.Drill.Name} has no service in its estate to release to.");
        lock (model.Gate) Release(model, service);
        return Task.CompletedTask;
    }

    /// <summary>Puts the bad release live on <paramref name="service"/> (under the model's lock).</summary>
    protected abstract void Release(SimulatedEstate model, string service);
}
