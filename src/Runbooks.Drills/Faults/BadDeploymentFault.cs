using Runbooks.Drills.Environments.Simulator.Model;

namespace Runbooks.Drills.Faults;

/// <summary>A Worker version that fails is uploaded and deployed at 100%, as <c>wrangler deploy</c> of a bad build would.</summary>
public sealed class BadDeploymentFault(ServiceBehaviour? behaviour = null) : ReleaseFault(behaviour ?? ServiceBehaviour.Failing())
{
    /// <inheritdoc />
    protected override void Release(SimulatedEstate model, string service)
        => (model.Worker(service) ?? throw new InvalidOperationException($"The simulator has no Worker {service}.")).Release(Behaviour, "drill: bad release");
}
