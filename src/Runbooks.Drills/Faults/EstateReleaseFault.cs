using Runbooks.Drills.Environments;
using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Faults;

/// <summary>
/// <c>bad-deployments</c>: one bad release reaches every Worker of the estate at once (a shared dependency, a monorepo
/// deploy), each live as <c>wrangler deploy</c> of a failing build would be.
/// </summary>
public sealed class EstateReleaseFault(ServiceBehaviour? behaviour = null) : DrillFault
{
    /// <inheritdoc />
    public override bool NeedsSimulator => true;

    /// <inheritdoc />
    public override Task InjectAsync(DrillSite site, CancellationToken cancellation)
    {
        var model = site.Simulator.Model;
        lock (model.Gate)
            foreach (var worker in model.Workers) worker.Release(behaviour ?? ServiceBehaviour.Failing(), "drill: bad release of every Worker");
        return Task.CompletedTask;
    }
}
